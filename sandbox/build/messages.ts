/**
 * What the builder says: BuildKit's messages in its exact words (they follow
 * `ERROR: failed to build: failed to solve: `), and Dockyard's own notes, which always say they
 * come from the simulation so no one takes them for Docker's output.
 */
import type { Language } from '../dockerfile/language.ts';

export const buildMessages = {
  emptyDockerfile: 'the Dockerfile cannot be empty',
  canceled: 'Canceled: context canceled',
  invalidStageIndex: (index: string) => `invalid stage index ${index}`,
  copyFromLaterStage: (from: string, current: string) =>
    `cannot copy from stage "${from}", it needs to be defined before current stage "${current}"`,
  circularDependency: (name: string) => `circular dependency detected on stage: ${name}`,
  invalidChmod: (value: string) =>
    `invalid chmod parameter: '${value}'. it should be octal string and between 0 and 07777`,
  unknownUser: (name: string) => `unable to find user ${name}: no matching entries in passwd file`,
  unknownGroup: (name: string) =>
    `unable to find group ${name}: no matching entries in group file`,
  checksumNotFound: (ref: string, path: string) =>
    `failed to calculate checksum of ref ${ref}: "${path}": not found`,
  cacheKeyFailed: (message: string) => `failed to compute cache key: ${message}`,
  processFailed: (argv: string, status: number) =>
    `process "${argv}" did not complete successfully: exit code: ${status}`,
  baseImageNotResolved: (written: string, name: string, registryError: string, close?: string) =>
    `${written}: failed to resolve source metadata for ${name}: ${registryError}${close ? ` (did you mean ${close}?)` : ''}`,
  blankBaseName: (written: string) => `base name (${written}) should not be blank`,
  stageNameUnparsable: (name: string, error: string) =>
    `failed to parse stage name "${name}": ${error}`,
  targetNotFound: (target: string, close: string | undefined) =>
    `target stage "${target}" could not be found${close ? ` (did you mean ${close}?)` : ''}`,
} as const;

/** What `docker build` (buildx) prints for a failure, each line starting `ERROR: failed to build: `. */
export const buildxErrors = {
  solve: (message: string) => `ERROR: failed to build: failed to solve: ${message}`,
  progressMode: (mode: string) => `ERROR: failed to build: invalid progress mode "${mode}"`,
  contextNotFound: (path: string) =>
    `ERROR: failed to build: unable to prepare context: path "${path}" not found`,
  dockerfileNotFound: (name: string) =>
    `ERROR: failed to build: failed to solve: failed to read dockerfile: open ${name}: no such file or directory`,
  invalidTag: (tag: string, error: string) =>
    `ERROR: failed to build: invalid tag "${tag}": ${error}`,
  iidfileNotWritten: (path: string) =>
    `ERROR: failed to build: writing image ID file: open ${path}: no such file or directory`,
} as const;

/** What every line Dockyard adds to a build's output starts with, in the sandbox's language. */
export const DOCKYARD_PREFIX: Readonly<Record<Language, string>> = {
  en: 'Dockyard (not Docker output): ',
  zh: 'Dockyard 提示（非 Docker 输出）：',
};

export const dockyardNotes = {
  downloadOffline: (url: string, target: string) =>
    `ADD ${url}: this simulation has no network, so nothing was downloaded; ${target} is an empty stand-in file.`,
  gitOffline: (url: string, target: string) =>
    `ADD ${url}: this simulation has no network, so the repository was not cloned; ${target} is an empty folder.`,
  checksumUnverified: (url: string) =>
    `ADD --checksum for ${url} was read but not verified, as nothing was downloaded.`,
  support: (key: string, level: 'partial' | 'not', note: string) =>
    `${key} is ${level === 'partial' ? 'only partly' : 'not'} simulated: ${note}`,
  contextNotLocal: (context: string) =>
    context === '-'
      ? 'docker build - reads the build context from standard input, which this terminal cannot send; give a folder such as . instead.'
      : `docker build ${context} would fetch the build context over the network, which this simulation does not have; give a folder such as . instead.`,
  otherFrontend: (syntax: string) =>
    `# syntax=${syntax} names a frontend other than docker/dockerfile; this simulation reads the file as docker/dockerfile would.`,
  severalSources: (keyword: string, dest: string) =>
    `${keyword} of several sources to ${dest}, which does not end with /: BuildKit copies each one to that same path, so only the last is kept there (the classic builder refused this with "When using ${keyword} with more than one source file, the destination must be a directory and end with a /"). Write ${dest}/ to copy them into a folder.`,
  sourceAboveContext: (keyword: string, source: string) =>
    `${keyword} ${source}: a build sees only the build context, the folder given to docker build, and .. cannot leave it (the path is read from the context's top). Move the file into the context, or build from a folder that holds both.`,
  /** A beginner check after a build; `message` is already in `language`. */
  hint: (code: string, message: string, line: number, language: Language) =>
    language === 'zh' ? `${code}：${message}（第 ${line} 行）` : `${code}: ${message} (line ${line})`,
} as const;
