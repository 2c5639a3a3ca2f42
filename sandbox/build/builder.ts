import {
  expandForLabel,
  expandForRunLabel,
  expandWord,
  expandWords,
  lintDockerfile,
  lintViolation,
  parseCheckDirective,
  parseDockerfile,
  parseInstructions,
} from '../dockerfile/index.ts';
import type {
  CommandLine,
  CopyInstruction,
  AddInstruction,
  Diagnostic,
  Instruction,
  Heredoc,
  KeyValue,
  Stage,
} from '../dockerfile/types.ts';
import { parseHeredocMarker } from '../dockerfile/parser.ts';
import type { Language } from '../dockerfile/language.ts';
import {
  applyChanges,
  copyTree,
  mkdirp,
  MemoryFs,
  OverlayFs,
  resolve,
  resolvePath,
  utf8Length,
  walk,
  type Entry,
  type FileSystem,
} from '../fs/index.ts';
import {
  computeImageId,
  emptyConfig,
  envToRecord,
  layerFromChanges,
  setEnv,
  imageFilesystem,
  type HistoryEntry,
  type Image,
  type ImageConfig,
  type Layer,
} from '../image/image.ts';
import { catalogRepositories, lookupCatalog } from '../image/catalog.ts';
import { registryHint, resolveSourceError } from '../image/messages.ts';
import { familiarReference, fullName, parseReference, type Reference } from '../image/reference.ts';
import { sha256Hex } from '../image/sha256.ts';
import { PATH_DEFAULT } from '../image/spec.ts';
import { suggestName } from '../dockerfile/suggest.ts';
import { execute } from '../shell/index.ts';
import { notesOncePerKey, type ProgramContext } from '../shell/program.ts';
import { readArchive } from './archive.ts';
import { BuildCache } from './build-cache.ts';
import { contextPatternToRegExp, hasWildcard } from './context-pattern.ts';
import { DockerIgnore } from './dockerignore.ts';
import { buildMessages, dockyardNotes } from './messages.ts';
import { supportRow } from './support.ts';
import { BuildProgress, transferSize, type Vertex } from './progress.ts';

/** Everything `docker build` was asked to do. */
export interface BuildRequest {
  /** The Dockerfile's name as given (`Dockerfile`, `2.Dockerfile`), for progress and excerpts. */
  dockerfileName: string;
  dockerfile: string;
  /** The build context, rooted at `/`. */
  context: FileSystem;
  tags: Reference[];
  buildArgs: Record<string, string>;
  target?: string;
  noCache: boolean;
  signal?: AbortSignal;
  /**
   * An ignore file that takes the place of the context's `.dockerignore`: the one named after the
   * Dockerfile (`app.Dockerfile.dockerignore`) beside it, when there is one.
   */
  dockerignore?: string;
}

/** What the builder needs from the engine around it. */
export interface BuildServices {
  now(): number;
  /** Simulated time a step waits (a `sleep` in RUN). */
  delay(ms: number, signal?: AbortSignal): Promise<void>;
  cache: BuildCache;
  /** A base image by reference: the local image store first, then the registry. */
  resolveImage(ref: Reference): Image | undefined;
  /** Base images whose layers the builder already holds (no download lines for them). */
  pulledBases: Set<string>;
  /** Hears each instruction once it has run, with the stage as it stands after it. */
  onStep?(step: BuildStepRecord): void;
  /** The language of the beginner hints among the build's notes; English when absent. */
  language?: Language;
}

/** One instruction of a build as it left its stage: for replaying the build step by step. */
export interface BuildStepRecord {
  stageIndex: number;
  /** The stage's `AS` name, or empty. */
  stageName: string;
  instruction: Instruction;
  /** True for a base image's ONBUILD trigger. */
  onbuild: boolean;
  /** The step's own progress vertex (FROM and layer steps); config-only steps have none. */
  vertex?: Vertex;
  workingDir: string;
  env: string[];
  user: string;
  /** The stage's layers after the step, base layers first. */
  layers: Layer[];
  baseLayers: number;
}

export interface BuildFailure {
  /** What follows `ERROR: failed to build: failed to solve: `. */
  message: string;
  /** Lines of the Dockerfile to show in the excerpt. */
  range?: { startLine: number; endLine: number };
  /** The failing step's label and log, for the `------` block. */
  step?: { label: string; logs: string[] };
}

export type BuildOutcome =
  | { ok: true; image: Image; progress: BuildProgress }
  | { ok: false; error: BuildFailure; progress: BuildProgress };

const PLATFORM_ARGS: Record<string, string> = {
  BUILDPLATFORM: 'linux/amd64',
  BUILDOS: 'linux',
  BUILDARCH: 'amd64',
  BUILDVARIANT: '',
  BUILDOSVERSION: '',
  TARGETPLATFORM: 'linux/amd64',
  TARGETOS: 'linux',
  TARGETARCH: 'amd64',
  TARGETVARIANT: '',
  TARGETOSVERSION: '',
};

/** Build args every RUN sees without an ARG line; BuildKit leaves them out of the history. */
const PROXY_ARGS = new Set(
  ['HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY', 'ALL_PROXY'].flatMap((name) => [
    name,
    name.toLowerCase(),
  ]),
);

/** The state of one stage while its instructions run. */
interface StageState {
  stage: Stage;
  fs: MemoryFs;
  layers: Layer[];
  layerLines: Array<number | undefined>;
  baseLayers: number;
  config: ImageConfig;
  history: HistoryEntry[];
  /** How many history entries came with the base image. */
  baseHistory: number;
  /** ARGs declared in this stage, with their values. */
  args: Map<string, string>;
  cacheKey: string;
  /** Set by CMD in this stage: ENTRYPOINT then keeps it. */
  cmdSetHere: boolean;
  /** Set by MAINTAINER. */
  author?: string;
  /** The image the stage's base layers came from, as the FROM line names it (`node:latest`). */
  baseImage?: string;
}

class StepFailure {
  constructor(readonly failure: BuildFailure) {}
}

type LineRange = NonNullable<BuildFailure['range']>;

function lineRange(instruction: { range: { start: { line: number }; end: { line: number } } }) {
  return { startLine: instruction.range.start.line, endLine: instruction.range.end.line };
}

function goList(items: readonly string[]): string {
  return `[${items.join(' ')}]`;
}

function goQuotedList(items: readonly string[]): string {
  return `[${items.map((item) => JSON.stringify(item)).join(' ')}]`;
}

/** Runs a whole build: reading, stage selection, each step (with the cache), and the export. */
export async function runBuild(
  request: BuildRequest,
  services: BuildServices,
): Promise<BuildOutcome> {
  const progress = new BuildProgress(services.now);
  const fail = (error: BuildFailure): BuildOutcome => ({ ok: false, error, progress });

  const definition = progress.start(
    `[internal] load build definition from ${request.dockerfileName}`,
  );
  progress.status(
    definition,
    `transferring dockerfile: ${transferSize(utf8Length(request.dockerfile))}`,
  );
  progress.done(definition);
  if (request.dockerfile.length === 0) return fail({ message: buildMessages.emptyDockerfile });

  const parsed = parseDockerfile(request.dockerfile);
  if (parsed.error) return fail({ message: parsed.error.message, range: parsed.error });
  const instructions = parseInstructions(parsed);
  if (instructions.error)
    return fail({ message: instructions.error.message, range: instructions.error });
  const escape = parsed.directives.escape;
  if (parsed.directives.syntax) showFrontend(parsed.directives.syntax, progress, services);

  const stages = instructions.stages;
  const targetIndex = findTarget(stages, request.target);
  if (typeof targetIndex !== 'number') return fail(targetIndex);

  const metaArgs = new Map<string, string>(Object.entries(PLATFORM_ARGS));
  metaArgs.set('TARGETSTAGE', stages[targetIndex]!.name);
  for (const arg of instructions.metaArgs) {
    for (const declaration of arg.args) {
      const given = request.buildArgs[declaration.name];
      let value = given;
      if (value === undefined && declaration.defaultValue !== undefined) {
        const expanded = expandWord(declaration.defaultValue, (name) => metaArgs.get(name), escape);
        if (!expanded.ok) return fail({ message: expanded.message, range: lineRange(arg) });
        value = expanded.value;
      }
      if (value !== undefined) metaArgs.set(declaration.name, value);
    }
  }

  const needed = stagesNeeded(stages, targetIndex);
  const referenceError = checkStageReferences(stages, needed);
  if (referenceError) return fail(referenceError);
  const bases = new Map<number, Reference | 'scratch' | number>();
  /** Each needed stage's base name with the global ARGs expanded, as errors quote it. */
  const baseNames = new Map<number, string>();
  for (const index of needed) {
    const stage = stages[index]!;
    const expanded = expandWord(stage.from.image, (name) => metaArgs.get(name), escape);
    if (!expanded.ok) return fail({ message: expanded.message, range: lineRange(stage.from) });
    const name = expanded.value;
    baseNames.set(index, name);
    if (name === '') {
      return fail({
        message: buildMessages.blankBaseName(stage.from.image),
        range: lineRange(stage.from),
      });
    }
    const earlier = stages.findIndex(
      (other, i) => i < index && other.name !== '' && other.name === name.toLowerCase(),
    );
    if (earlier < 0 && stage.name !== '' && name.toLowerCase() === stage.name) {
      return fail({
        message: buildMessages.circularDependency(stage.name),
        range: lineRange(stage.from),
      });
    }
    if (earlier >= 0) bases.set(index, earlier);
    else if (name.toLowerCase() === 'scratch') bases.set(index, 'scratch');
    else {
      const ref = parseReference(name);
      if ('error' in ref)
        return fail({
          message: buildMessages.stageNameUnparsable(name, ref.error),
          range: lineRange(stage.from),
        });
      bases.set(index, ref);
    }
  }

  // Every image the build reads: the bases, then those named by `COPY --from` (expanded with the
  // global ARGs, as a FROM line is). BuildKit loads the metadata of each once.
  const sources: Array<{ ref: Reference; written: string; range: LineRange }> = [];
  for (const [index, base] of bases) {
    if (typeof base === 'object')
      sources.push({ ref: base, written: baseNames.get(index)!, range: lineRange(stages[index]!.from) });
  }
  for (const index of needed) {
    for (const command of stages[index]!.commands) {
      if (command.kind !== 'copy' || command.from === undefined) continue;
      if (stageIndexOf(stages, command.from) >= 0) continue;
      const expanded = expandWord(command.from, (name) => metaArgs.get(name), escape);
      const written = expanded.ok ? expanded.value : command.from;
      const ref = parseReference(written);
      if ('error' in ref)
        return fail({ message: buildMessages.stageNameUnparsable(written, ref.error), range: lineRange(command) });
      sources.push({ ref, written, range: lineRange(command) });
    }
  }
  const resolvedBases = new Map<string, Image>();
  for (const { ref, written, range } of sources) {
    const name = fullName(ref);
    if (resolvedBases.has(name)) continue;
    const vertex = progress.start(`[internal] load metadata for ${name}`);
    const image = services.resolveImage(ref);
    if (!image) {
      const found = lookupCatalog(ref);
      const missing =
        found.kind === 'found' ? { kind: 'unknown-repository' as const, repository: '' } : found;
      if (found.kind !== 'found') progress.note(registryHint(found, catalogRepositories()));
      // The step shows the registry's answer; the final error adds where it came from.
      const registryError = resolveSourceError(missing, name);
      progress.fail(vertex, registryError);
      return fail({
        message: buildMessages.baseImageNotResolved(
          written,
          name,
          registryError,
          suggestName(written, baseImageSuggestions(stages), true),
        ),
        range,
        step: { label: vertex.name, logs: [] },
      });
    }
    progress.done(vertex);
    resolvedBases.set(name, image);
  }

  const ignoreText = request.dockerignore ?? readContextFile(request.context, '.dockerignore');
  const ignoreVertex = progress.start('[internal] load .dockerignore');
  progress.status(
    ignoreVertex,
    `transferring context: ${transferSize(ignoreText === undefined ? 2 : utf8Length(ignoreText))}`,
  );
  progress.done(ignoreVertex);
  const ignore = new DockerIgnore(ignoreText ?? '');

  const lint = lintResults(request, services, ignore);
  progress.warnings.push(...lint.warnings);
  // BuildKit also shows each check's warning under the step that read the Dockerfile.
  for (const warning of lint.warnings) progress.warn(definition, warning);
  for (const hint of lint.hints) progress.note(hint);
  if (lint.conversionError) return fail(lint.conversionError);
  const checkConfig = parseCheckDirective(parsed.directives.check);
  if (checkConfig.ok && checkConfig.config.errorOnWarning && lint.warnings.length > 0) {
    return fail({
      message: lintViolation(lint.warnings.map((warning) => warning.rule)),
    });
  }


  const multiStage = stages.length > 1;
  const copySources = new Set<string>();
  // What RUN's programs could not really do, each fact once per build.
  const simulationNotes = notesOncePerKey((text) => progress.note(text));
  const built = new Map<number, StageState>();
  let contextLoaded = false;
  let contextChecksum = '';

  const loadContext = () => {
    if (contextLoaded) return;
    contextLoaded = true;
    const vertex = progress.start('[internal] load build context');
    let bytes = 0;
    const parts: string[] = [];
    for (const [path, entry] of walk(request.context)) {
      if (ignore.excludes(path.slice(1))) continue;
      if (entry.kind === 'file') {
        bytes += utf8Length(entry.content);
        parts.push(`${path}\0${entry.content}`);
      }
    }
    contextChecksum = sha256Hex(parts.join('\n'));
    progress.status(vertex, `transferring context: ${transferSize(bytes)}`);
    progress.done(vertex);
  };

  try {
    for (const index of needed) {
      const stage = stages[index]!;
      const base = bases.get(index)!;
      const state = startStage(stage, base, built, resolvedBases, services);
      const triggers = typeof base === 'object' ? onbuildTriggers(state, stage) : [];
      if (!Array.isArray(triggers)) return fail(triggers);
      const commands = [
        ...triggers.map((instruction) => ({ instruction, onbuild: true })),
        ...stage.commands.map((instruction) => ({ instruction, onbuild: false })),
      ];
      const steps =
        commands.filter(({ instruction }) => isStep(instruction)).length +
        (typeof base === 'object' ? 1 : 0);
      const stageLabel = multiStage ? `${stage.name || `stage-${index}`} ` : '';
      let stepNumber = 0;
      const label = (text: string) => {
        stepNumber++;
        const width = String(steps).length;
        return `[${stageLabel}${String(stepNumber).padStart(width)}/${steps}] ${text}`;
      };

      const copiesFromContext = commands.some(
        ({ instruction: command }) =>
          (command.kind === 'copy' && command.from === undefined) || command.kind === 'add',
      );
      let fromVertex: Vertex | undefined;
      if (typeof base === 'object') {
        const image = resolvedBases.get(fullName(base))!;
        // An image built here has no registry digest: BuildKit names it by its ID.
        const name = `${fullName(base)}@${image.repoDigest ?? image.id}`;
        const text = label(`FROM ${name}`);
        // Stages on the same base share one step in BuildKit's graph, so it is shown once; a
        // later stage's numbering still counts it.
        if (!copySources.has(name)) {
          copySources.add(name);
          fromVertex = showImageSource(progress, text, name, image, services);
        }
      }

      // BuildKit sends the context while the base image is fetched, so it is listed first.
      if (copiesFromContext) loadContext();
      if (stage.from.platform !== undefined) {
        const entry = supportRow('FROM --platform')!;
        progress.note(dockyardNotes.support(entry.key, 'partial', entry.note));
      }
      const stepServices: StepServices = {
        request,
        services,
        progress,
        escape,
        metaArgs,
        label,
        ignore,
        loadContext,
        contextChecksum: () => contextChecksum,
        built,
        stages,
        stageIndex: index,
        resolvedBases,
        copySources,
        simulationNotes,
      };
      const recordStep = (instruction: Instruction, onbuild: boolean, vertex?: Vertex) =>
        services.onStep?.({
          stageIndex: index,
          stageName: stage.name,
          instruction,
          onbuild,
          vertex,
          workingDir: state.config.WorkingDir,
          env: [...state.config.Env],
          user: state.config.User,
          layers: [...state.layers],
          baseLayers: state.baseLayers,
        });
      recordStep(stage.from, false, fromVertex);
      for (const { instruction, onbuild } of commands) {
        if (request.signal?.aborted) throw new StepFailure({ message: buildMessages.canceled });
        const before = progress.vertices.length;
        await runInstruction(
          instruction,
          state,
          onbuild ? { ...stepServices, label: (text) => label(`ONBUILD ${text}`) } : stepServices,
        );
        recordStep(
          instruction,
          onbuild,
          progress.vertices.length > before ? progress.vertices.at(-1) : undefined,
        );
      }
      built.set(index, state);
    }
  } catch (error) {
    if (error instanceof StepFailure) return fail(error.failure);
    throw error;
  }

  const final = built.get(targetIndex)!;
  const image = finishImage(final, services);
  const exporting = progress.start('exporting to image');
  progress.status(exporting, 'exporting layers', 0);
  progress.status(exporting, `writing image ${image.id}`);
  for (const tag of request.tags) progress.status(exporting, `naming to ${fullName(tag)}`);
  progress.done(exporting);

  return { ok: true, image, progress };
}

/**
 * What `docker build` reports about a Dockerfile before running a step, with base images' ENV
 * known so UndefinedVar sees what FROM brings in. The editor shows the same list.
 */
export function checkDockerfile(
  dockerfile: string,
  resolveImage: (ref: Reference) => Image | undefined,
  buildArgs: Record<string, string> = {},
  dockerignore?: (path: string) => boolean,
  language: Language = 'en',
): Diagnostic[] {
  return lintDockerfile(dockerfile, {
    buildArgs,
    language,
    ...(dockerignore ? { dockerignore } : {}),
    baseImageEnv: (name) => {
      const ref = parseReference(name);
      if ('error' in ref) return undefined;
      const image = resolveImage(ref);
      return image ? envToRecord(image.config.Env) : undefined;
    },
  });
}

/**
 * `# syntax=docker/dockerfile:1`: BuildKit resolves the named frontend image and runs the build
 * with it. The simulation shows those two steps and reads the file with its own reader.
 */
function showFrontend(syntax: string, progress: BuildProgress, services: BuildServices): void {
  const ref = parseReference(syntax);
  const name = 'error' in ref ? syntax : fullName(ref);
  progress.done(progress.start(`resolve image config for docker-image://${name}`));
  const digest = `sha256:${sha256Hex(`frontend ${name}`)}`;
  const vertex = progress.start(`docker-image://${name}@${digest}`);
  progress.status(vertex, `resolve ${name}@${digest}`, 0);
  if (services.pulledBases.has(digest)) progress.cached(vertex);
  else {
    services.pulledBases.add(digest);
    progress.done(vertex);
  }
  if ('error' in ref || ref.domain !== 'docker.io' || ref.path !== 'docker/dockerfile') {
    progress.note(dockyardNotes.otherFrontend(syntax));
  }
}

/**
 * The step that brings in an image: resolving it, then downloading and extracting its layers, or
 * CACHED when the builder holds them already (or the image was built here).
 */
function showImageSource(
  progress: BuildProgress,
  text: string,
  name: string,
  image: Image,
  services: BuildServices,
): Vertex {
  const vertex = progress.start(text);
  progress.status(vertex, `resolve ${name}`, 0);
  if (services.pulledBases.has(image.id) || !image.repoDigest) {
    progress.cached(vertex);
    return vertex;
  }
  for (const layer of image.layers) {
    const size = transferSize(layer.size);
    progress.status(vertex, `${layer.digest} ${size} / ${size}`, 0);
  }
  for (const layer of image.layers) progress.status(vertex, `extracting ${layer.digest}`, 0);
  services.pulledBases.add(image.id);
  progress.done(vertex);
  return vertex;
}

/** BuildKit's check warnings, and Dockyard's beginner checks as notes. */
function lintResults(request: BuildRequest, services: BuildServices, ignore: DockerIgnore) {
  const found = checkDockerfile(
    request.dockerfile,
    services.resolveImage,
    request.buildArgs,
    // BuildKit skips CopyIgnoredFile when the ignore file has `!` exceptions: whether a file
    // inside an excluded folder is brought back is too hard to tell from the Dockerfile alone.
    ignore.hasExceptions ? undefined : (path) => ignore.excludes(path.replace(/^\/+/, '')),
    services.language,
  );
  const warnings = found
    .filter((d) => d.source === 'buildkit' && d.severity !== 'error')
    .map((d) => ({ rule: d.code, message: d.message, line: d.range.start.line }));
  const hints = found
    .filter((d) => d.source === 'dockyard')
    .map((d) => dockyardNotes.hint(d.code, d.message, d.range.start.line, services.language ?? 'en'));
  const conversion = found.find((d) => CONVERSION_ERRORS.has(d.code));
  const conversionError: BuildFailure | undefined = conversion && {
    message: conversion.message,
    range: lineRange(conversion),
  };
  return { warnings, hints, conversionError };
}

/**
 * Errors BuildKit raises while it converts a stage into build steps (an EXPOSE it cannot read, an
 * unknown STOPSIGNAL, ADD --checksum on a local file): the build stops before any step runs.
 */
const CONVERSION_ERRORS = new Set(['InvalidPortSpec', 'InvalidSignal', 'ChecksumSource']);

function readContextFile(context: FileSystem, name: string): string | undefined {
  const entry = context.get(`/${name}`);
  return entry?.kind === 'file' ? entry.content : undefined;
}

function isStep(instruction: Instruction): boolean {
  return (
    instruction.kind === 'run' ||
    instruction.kind === 'copy' ||
    instruction.kind === 'add' ||
    (instruction.kind === 'workdir' && resolvePath('/', instruction.path) !== '/')
  );
}

function findTarget(stages: Stage[], target: string | undefined): number | BuildFailure {
  if (target === undefined) return stages.length - 1;
  const index = stages.findLastIndex((stage) => stage.name === target.toLowerCase());
  if (index >= 0) return index;
  const close = suggestName(target, stages.map((stage) => stage.name).filter(Boolean), false);
  return { message: buildMessages.targetNotFound(target, close || undefined) };
}

/** Images BuildKit offers as "did you mean" for a base image the registry lacks. */
const COMMON_IMAGES = ['alpine', 'busybox', 'centos', 'debian', 'golang', 'ubuntu', 'fedora'];

/**
 * What a base image name the registry lacks is compared with: the stage names (`stage-<n>` for
 * unnamed ones when there are several stages), then the common images, bare and `:latest`.
 */
function baseImageSuggestions(stages: Stage[]): string[] {
  const names =
    stages.length === 1 ? [] : stages.map((stage, index) => stage.name || `stage-${index}`);
  return [...names, ...COMMON_IMAGES.flatMap((image) => [image, `${image}:latest`])];
}

/** The stages the target depends on, in Dockerfile order (BuildKit skips the rest). */
function stagesNeeded(stages: Stage[], target: number): number[] {
  const byName = (name: string) => stageIndexOf(stages, name);
  const needed = new Set<number>();
  const visit = (index: number) => {
    if (needed.has(index) || index < 0 || index >= stages.length) return;
    needed.add(index);
    const stage = stages[index]!;
    visit(byName(stage.from.image) < index ? byName(stage.from.image) : -1);
    for (const command of stage.commands) {
      if (command.kind === 'copy' && command.from !== undefined) visit(byName(command.from));
      if (command.kind === 'run')
        for (const mount of command.mounts) if (mount.from) visit(byName(mount.from));
    }
  };
  visit(target);
  return [...needed].sort((a, b) => a - b);
}

/** The stage a `--from` value names (a stage name or index), or -1 for an image. */
function stageIndexOf(stages: Stage[], from: string): number {
  const named = stages.findIndex((stage) => stage.name !== '' && stage.name === from.toLowerCase());
  if (named >= 0) return named;
  return /^\d+$/.test(from) ? Number(from) : -1;
}

/** `COPY --from` naming a stage index that does not exist, or a stage not yet built. */
function checkStageReferences(stages: Stage[], needed: number[]): BuildFailure | undefined {
  for (const index of needed) {
    const stage = stages[index]!;
    const current = stage.name || `stage-${index}`;
    for (const command of stage.commands) {
      if (command.kind !== 'copy' || command.from === undefined) continue;
      const from = command.from;
      let target = stages.findIndex((other) => other.name !== '' && other.name === from.toLowerCase());
      if (target < 0 && /^\d+$/.test(from)) {
        target = Number(from);
        if (target >= stages.length) {
          return { message: buildMessages.invalidStageIndex(from), range: lineRange(command) };
        }
      }
      if (target === index) {
        return { message: buildMessages.circularDependency(current), range: lineRange(command) };
      }
      if (target > index) {
        return {
          message: buildMessages.copyFromLaterStage(from, current),
          range: lineRange(command),
        };
      }
    }
  }
  return undefined;
}

/**
 * The ONBUILD triggers of a stage's base image, read as instructions that run right after its
 * FROM; they are cleared from the config, so grandchildren do not run them again.
 */
function onbuildTriggers(state: StageState, stage: Stage): Instruction[] | BuildFailure {
  const triggers = state.config.OnBuild ?? [];
  state.config.OnBuild = null;
  if (triggers.length === 0) return [];
  const range = lineRange(stage.from);
  const parsed = parseDockerfile(`FROM scratch\n${triggers.join('\n')}\n`);
  if (parsed.error) return { message: parsed.error.message, range };
  const read = parseInstructions(parsed);
  if (read.error) return { message: read.error.message, range };
  return read.stages[0]!.commands.map((command) => ({ ...command, range: stage.from.range }));
}

function startStage(
  stage: Stage,
  base: Reference | 'scratch' | number,
  built: Map<number, StageState>,
  resolvedBases: Map<string, Image>,
  services: BuildServices,
): StageState {
  if (typeof base === 'number') {
    const parent = built.get(base)!;
    const fs = new MemoryFs();
    copyTree(parent.fs, '/', fs, '/');
    return {
      ...parent,
      stage,
      fs,
      layers: [...parent.layers],
      layerLines: [...parent.layerLines],
      history: [...parent.history],
      config: structuredClone(parent.config),
      args: new Map(parent.args),
      cmdSetHere: false,
    };
  }
  const fs = new MemoryFs();
  if (base === 'scratch') {
    return {
      stage,
      fs,
      layers: [],
      layerLines: [],
      baseLayers: 0,
      // BuildKit gives every stage a PATH, so even an image built FROM scratch has one.
      config: { ...emptyConfig(), Env: [`PATH=${PATH_DEFAULT}`] },
      history: [],
      baseHistory: 0,
      args: new Map(),
      cacheKey: 'scratch',
      cmdSetHere: false,
    };
  }
  const image = resolvedBases.get(fullName(base)) ?? services.resolveImage(base)!;
  return {
    stage,
    fs: imageFilesystem(image),
    layers: [...image.layers],
    layerLines: [],
    baseLayers: image.layers.length,
    config: structuredClone(image.config),
    history: [...image.history],
    baseHistory: image.history.length,
    author: image.author,
    baseImage: familiarReference(base),
    args: new Map(),
    cacheKey: image.id,
    cmdSetHere: false,
  };
}

interface StepServices {
  request: BuildRequest;
  services: BuildServices;
  progress: BuildProgress;
  escape: '\\' | '`';
  metaArgs: Map<string, string>;
  label(text: string): string;
  ignore: DockerIgnore;
  loadContext(): void;
  contextChecksum(): string;
  built: Map<number, StageState>;
  stages: Stage[];
  stageIndex: number;
  resolvedBases: Map<string, Image>;
  /** Images `COPY --from` has already shown a FROM step for. */
  copySources: Set<string>;
  /** Passed to RUN's processes as `ProgramContext.note`. */
  simulationNotes(key: string, text: string): void;
}

/** Values visible to expansion in a stage: ARGs, then ENV over them, as Docker gives precedence. */
function lookupIn(state: StageState): (name: string) => string | undefined {
  const env = envToRecord(state.config.Env);
  return (name) => (name in env ? env[name] : state.args.get(name));
}

function expandOrFail(
  word: string,
  state: StageState,
  escape: '\\' | '`',
  instruction: Instruction,
): string {
  const result = expandWord(word, lookupIn(state), escape);
  if (!result.ok) throw new StepFailure({ message: result.message, range: lineRange(instruction) });
  return result.value;
}

function record(state: StageState, createdBy: string, now: number): void {
  state.history.push({ created: now, createdBy, emptyLayer: true });
}

function commandToConfig(command: CommandLine, state: StageState): string[] {
  if (command.form === 'exec') return command.argv;
  return [...(state.config.Shell ?? ['/bin/sh', '-c']), command.script];
}

async function runInstruction(
  instruction: Instruction,
  state: StageState,
  step: StepServices,
): Promise<void> {
  const { escape, services } = step;
  const now = services.now();
  switch (instruction.kind) {
    case 'from':
      return;
    case 'env': {
      const pairs = expandPairs(instruction.pairs, state, escape, instruction);
      for (const [key, value] of pairs) state.config.Env = setEnv(state.config.Env, key, value);
      record(state, `ENV ${pairs.map(([k, v]) => `${k}=${v}`).join(' ')}`, now);
      return;
    }
    case 'label': {
      const pairs = expandPairs(instruction.pairs, state, escape, instruction);
      state.config.Labels = { ...(state.config.Labels ?? {}) };
      for (const [key, value] of pairs) state.config.Labels[key] = value;
      record(state, `LABEL ${pairs.map(([k, v]) => `${k}=${v}`).join(' ')}`, now);
      return;
    }
    case 'arg': {
      const shown: string[] = [];
      for (const declaration of instruction.args) {
        let value: string | undefined = step.request.buildArgs[declaration.name];
        if (value === undefined && declaration.defaultValue === undefined)
          value = step.metaArgs.get(declaration.name);
        if (value === undefined && declaration.defaultValue !== undefined) {
          value = expandOrFail(declaration.defaultValue, state, escape, instruction);
        }
        state.args.set(declaration.name, value ?? '');
        shown.push(value === undefined ? declaration.name : `${declaration.name}=${value}`);
      }
      record(state, `ARG ${shown.join(' ')}`, now);
      return;
    }
    case 'workdir': {
      const path = resolvePath(
        state.config.WorkingDir || '/',
        expandOrFail(instruction.path, state, escape, instruction),
      );
      state.config.WorkingDir = path;
      if (path === '/') {
        record(state, `WORKDIR ${path}`, now);
        return;
      }
      await fileStep(
        state,
        step,
        instruction,
        `WORKDIR ${path}`,
        `WORKDIR ${path}`,
        `workdir ${path} ${state.config.User}`,
        (fs) => {
          // BuildKit creates the folder as the current USER.
          const owner = state.config.User ? userFor(state.config.User, fs) : undefined;
          mkdirp(fs, path, { mtime: now, uid: owner?.uid ?? 0, gid: owner?.gid ?? 0 });
        },
      );
      return;
    }
    case 'user':
      state.config.User = expandOrFail(instruction.user, state, escape, instruction);
      record(state, `USER ${state.config.User}`, now);
      return;
    case 'expose': {
      const ports: string[] = [];
      for (const item of instruction.ports) {
        const words = expandWords(item, lookupIn(state), escape);
        if (!words.ok)
          throw new StepFailure({ message: words.message, range: lineRange(instruction) });
        for (const word of words.words) {
          const port = normalizePort(word);
          if (port.startsWith('invalid'))
            throw new StepFailure({ message: port, range: lineRange(instruction) });
          ports.push(port);
        }
      }
      state.config.ExposedPorts = { ...state.config.ExposedPorts };
      for (const port of ports) state.config.ExposedPorts[port] = {};
      // BuildKit prints the instruction's own ports as a Go map: `map[8080/tcp:{}]`, keys sorted.
      const portMap = [...new Set(ports)].sort().map((port) => `${port}:{}`);
      record(state, `EXPOSE map[${portMap.join(' ')}]`, now);
      return;
    }
    case 'volume': {
      const paths = instruction.paths.map((path) => expandOrFail(path, state, escape, instruction));
      state.config.Volumes = { ...(state.config.Volumes ?? {}) };
      for (const path of paths) state.config.Volumes[path] = {};
      record(state, `VOLUME ${goList(paths)}`, now);
      return;
    }
    case 'cmd':
      state.config.Cmd = commandToConfig(instruction.command, state);
      // BuildKit marks a CMD's arguments as escaped, for Docker's image format.
      state.config.ArgsEscaped = true;
      state.cmdSetHere = true;
      record(state, `CMD ${goQuotedList(state.config.Cmd)}`, now);
      return;
    case 'entrypoint': {
      const command = instruction.command;
      state.config.Entrypoint =
        command.form === 'exec' && command.argv.length === 0
          ? null
          : commandToConfig(command, state);
      if (!state.cmdSetHere) state.config.Cmd = null;
      record(state, `ENTRYPOINT ${goQuotedList(state.config.Entrypoint ?? [])}`, now);
      return;
    }
    case 'shell':
      state.config.Shell = instruction.argv;
      record(state, `SHELL ${goList(instruction.argv)}`, now);
      return;
    case 'stopsignal':
      state.config.StopSignal = expandOrFail(instruction.signal, state, escape, instruction);
      record(state, `STOPSIGNAL ${state.config.StopSignal}`, now);
      return;
    case 'healthcheck': {
      const health: ImageConfig['Healthcheck'] = { Test: instruction.test };
      if (instruction.interval !== undefined) health.Interval = instruction.interval;
      if (instruction.timeout !== undefined) health.Timeout = instruction.timeout;
      if (instruction.startPeriod !== undefined) health.StartPeriod = instruction.startPeriod;
      if (instruction.startInterval !== undefined) health.StartInterval = instruction.startInterval;
      if (instruction.retries !== undefined) health.Retries = instruction.retries;
      state.config.Healthcheck = health;
      record(state, `HEALTHCHECK ${healthHistory(health)}`, now);
      return;
    }
    case 'onbuild':
      state.config.OnBuild = [...(state.config.OnBuild ?? []), instruction.trigger];
      record(state, `ONBUILD ${instruction.trigger}`, now);
      return;
    case 'maintainer':
      state.author = instruction.name;
      record(state, `MAINTAINER ${instruction.name}`, now);
      return;
    case 'run':
      await runStep(instruction, state, step);
      return;
    case 'copy':
    case 'add':
      await copyStep(instruction, state, step);
      return;
    default:
      return unreachable(instruction);
  }
}

/** Go's `%q` of a duration: its String() in quotes, `"1m30s"`, `"500ms"`, `"0s"`. */
function goDuration(nanos: number): string {
  if (nanos === 0) return '"0s"';
  const sign = nanos < 0 ? '-' : '';
  let n = Math.abs(nanos);
  if (n < 1e9) {
    const [unit, size] = n < 1e3 ? ['ns', 1] : n < 1e6 ? ['µs', 1e3] : ['ms', 1e6];
    return `"${sign}${trimFraction(n / size)}${unit}"`;
  }
  const hours = Math.floor(n / 3.6e12);
  n -= hours * 3.6e12;
  const minutes = Math.floor(n / 6e10);
  n -= minutes * 6e10;
  const seconds = `${trimFraction(n / 1e9)}s`;
  if (hours > 0) return `"${sign}${hours}h${minutes}m${seconds}"`;
  if (minutes > 0) return `"${sign}${minutes}m${seconds}"`;
  return `"${sign}${seconds}"`;
}

function trimFraction(value: number): string {
  return value.toFixed(9).replace(/\.?0+$/, '');
}

/** Go's `%q` of an int: the character with that code, quoted like a rune. */
function goRune(code: number): string {
  // Not a valid rune: Go prints the replacement character.
  if (!Number.isInteger(code) || code < 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
    return "'\ufffd'";
  const named: Record<number, string> = { 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r' };
  if (named[code]) return `'\\${named[code]}'`;
  if (code === 39 || code === 92) return `'\\${String.fromCharCode(code)}'`;
  if (code >= 0x20 && code < 0x7f) return `'${String.fromCharCode(code)}'`;
  if (code < 0x20 || code === 0x7f) return `'\\x${code.toString(16).padStart(2, '0')}'`;
  // Latin-1 controls, the no-break space and the soft hyphen are not printable in Go.
  if (code <= 0xa0 || code === 0xad) return `'\\u${code.toString(16).padStart(4, '0')}'`;
  return `'${String.fromCodePoint(code)}'`;
}

/** BuildKit's history text for HEALTHCHECK: `fmt.Sprintf("%q", config)` of the stored struct. */
function healthHistory(health: NonNullable<ImageConfig['Healthcheck']>): string {
  const durations = [health.Interval, health.Timeout, health.StartPeriod, health.StartInterval];
  return `&{${goQuotedList(health.Test)} ${durations.map((d) => goDuration(d ?? 0)).join(' ')} ${goRune(health.Retries ?? 0)}}`;
}

/** Makes the compiler list every instruction a switch forgets. */
function unreachable(instruction: never): never {
  throw new Error(`unhandled instruction ${JSON.stringify(instruction)}`);
}

function expandPairs(
  pairs: KeyValue[],
  state: StageState,
  escape: '\\' | '`',
  instruction: Instruction,
): Array<[string, string]> {
  return pairs.map((pair) => [
    expandOrFail(pair.key, state, escape, instruction),
    expandOrFail(pair.value, state, escape, instruction),
  ]);
}

/** `8080` → `8080/tcp`; Docker's EXPOSE errors for what does not parse. */
function normalizePort(item: string): string {
  const slash = item.indexOf('/');
  const portPart = slash >= 0 ? item.slice(0, slash) : item;
  const proto = slash >= 0 ? item.slice(slash + 1).toLowerCase() : 'tcp';
  if (!['tcp', 'udp', 'sctp'].includes(proto))
    return `invalid port: "${item}": invalid proto: ${item.slice(slash + 1)}`;
  const port = portPart.includes(':') ? portPart.slice(portPart.lastIndexOf(':') + 1) : portPart;
  const range = /^(\d+)(?:-(\d+))?$/.exec(port);
  if (!range || Number(range[1]) > 65535 || (range[2] !== undefined && Number(range[2]) > 65535)) {
    return `invalid port: "${item}": invalid containerPort: ${port}`;
  }
  return `${port}/${proto}`;
}

/**
 * Runs a filesystem-changing step: takes it from the cache when the same parent and definition
 * were built before, otherwise runs `change` on a writable layer and stores the result.
 */
async function fileStep(
  state: StageState,
  step: StepServices,
  instruction: Instruction,
  labelText: string,
  createdBy: string,
  definition: string,
  change: (fs: OverlayFs, vertex: Vertex) => void | Promise<void>,
  link = false,
): Promise<void> {
  const { progress, services, request } = step;
  const vertex = progress.start(step.label(labelText));
  const key = sha256Hex(`${state.cacheKey}\n${definition}`);
  // A `--link` layer does not depend on the steps before it, so its cache entry does not either.
  const lookupKey = link ? sha256Hex(`link\n${definition}`) : key;
  const hit = request.noCache ? undefined : services.cache.get(lookupKey);
  let layer: Layer;
  let created: number;
  if (hit) {
    layer = hit.layer;
    created = hit.created;
    progress.cached(vertex);
  } else {
    const overlay = new OverlayFs(state.fs);
    await change(overlay, vertex);
    layer = layerFromChanges(overlay.changes);
    created = services.now();
    services.cache.set(lookupKey, { layer, created });
    progress.done(vertex);
  }
  applyChanges(state.fs, layer.changes);
  state.layers.push(layer);
  state.layerLines.push(instruction.range.start.line);
  state.history.push({ created, createdBy, emptyLayer: false });
  state.cacheKey = key;
}

function runLabelFor(
  instruction: Extract<Instruction, { kind: 'run' }>,
  state: StageState,
): string {
  const text = instruction.node.original.replace(/^\S+/, 'RUN');
  const heredoc = soleHeredoc(instruction.command);
  // The heredoc's summary is part of the name, so its variables are expanded with the rest.
  const name = heredoc ? `${text} (${summarizeHeredoc(heredoc.content)})` : text;
  return expandForRunLabel(name, lookupIn(state));
}

/**
 * The heredoc of a RUN whose whole command is one heredoc marker (`RUN <<EOF`). BuildKit runs
 * its body as the shell script (or, when it starts with `#!`, as a program of its own) instead
 * of handing the shell a command with nothing before the `<<`.
 */
function soleHeredoc(command: CommandLine): Heredoc | undefined {
  if (command.form !== 'shell' || command.heredocs.length === 0) return undefined;
  const marker = parseHeredocMarker(command.script);
  return marker !== null && !('message' in marker) ? command.heredocs[0] : undefined;
}

/** A heredoc's first line, with `...` when there are more: the step label's summary. */
function summarizeHeredoc(content: string): string {
  const lines = content.trim().split('\n');
  return lines.length > 1 ? `${lines[0]}...` : lines[0]!;
}

/** Where BuildKit mounts the file of a `RUN <<EOF` whose body starts with `#!`. */
const HEREDOC_PIPES = '/dev/pipes';

async function runStep(
  instruction: Extract<Instruction, { kind: 'run' }>,
  state: StageState,
  step: StepServices,
): Promise<void> {
  const { services, progress, request } = step;
  const command = instruction.command;
  const heredoc = soleHeredoc(command);
  const program = heredoc?.content.startsWith('#!') ? `${HEREDOC_PIPES}/${heredoc.name}` : undefined;
  const script = program ?? heredoc?.content;
  const argv =
    command.form === 'exec'
      ? command.argv
      : [...(state.config.Shell ?? ['/bin/sh', '-c']), script ?? runScriptText(command)];
  // History shows the stage's ARGs in scope before the command, as `|2 A=1 B=2 ...`.
  const buildArgs = [...state.args];
  const argPrefix =
    buildArgs.length > 0
      ? `|${buildArgs.length} ${buildArgs.map(([k, v]) => `${k}=${v}`).join(' ')} `
      : '';
  const createdBy = `RUN ${argPrefix}${argv.join(' ')} # buildkit`;
  const proxies = Object.entries(request.buildArgs).filter(([name]) => PROXY_ARGS.has(name));
  const env = {
    ...Object.fromEntries(proxies),
    ...Object.fromEntries(state.args),
    ...envToRecord(state.config.Env),
  };
  for (const mount of instruction.mounts) touch(step, `RUN --mount=type=${mount.type}`);
  if (instruction.network !== undefined) touch(step, 'RUN --network');
  if (instruction.security !== undefined) touch(step, 'RUN --security');
  const cwd = state.config.WorkingDir || '/';
  const definition = `run ${JSON.stringify({ argv, env, cwd, user: state.config.User })}`;

  await fileStep(
    state,
    step,
    instruction,
    runLabelFor(instruction, state),
    createdBy,
    definition,
    async (fs, vertex) => {
      let output = '';
      const flush = (text: string) => {
        output += text;
        const end = output.lastIndexOf('\n');
        if (end >= 0) {
          progress.log(vertex, output.slice(0, end + 1));
          output = output.slice(end + 1);
        }
      };
      const context: ProgramContext = {
        argv,
        env,
        cwd,
        fs,
        io: { stdout: flush, stderr: flush, stdin: '' },
        user: userFor(state.config.User, fs),
        signal: request.signal ?? new AbortController().signal,
        now: services.now,
        delay: services.delay,
        note: step.simulationNotes,
        spawn: (childArgv, options) =>
          execute(childArgv, { ...context, ...options, argv: childArgv }),
      };
      mkdirp(fs, cwd);
      // The `#!` heredoc is a read-only mount for this step alone: it never lands in the layer.
      const created = program ? placeHeredocProgram(fs, program, heredoc!.content) : [];
      const status = await execute(argv, context);
      for (const path of created) fs.delete(path);
      if (output !== '') progress.log(vertex, output);
      if (request.signal?.aborted) {
        // Ctrl+C: BuildKit cancels the running step and the whole solve.
        progress.cancel(vertex);
        throw new StepFailure({ message: buildMessages.canceled });
      }
      if (status !== 0) {
        const message = buildMessages.processFailed(argv.join(' '), status);
        progress.fail(vertex, message);
        throw new StepFailure({
          message,
          range: lineRange(instruction),
          step: {
            label: vertex.name,
            logs: vertex.logs.map((line) => `${line.at.toFixed(3)} ${line.text}`),
          },
        });
      }
    },
  );
}

/** Writes a `#!` heredoc where the step runs it; returns what to remove afterwards, deepest first. */
function placeHeredocProgram(fs: FileSystem, path: string, content: string): string[] {
  const missing = ['/dev', HEREDOC_PIPES].filter((dir) => fs.get(dir) === undefined);
  mkdirp(fs, HEREDOC_PIPES);
  fs.set(path, { kind: 'file', content, mode: 0o755, uid: 0, gid: 0, mtime: 0 });
  return [path, ...missing.reverse()];
}

function runScriptText(command: Extract<CommandLine, { form: 'shell' }>): string {
  if (command.heredocs.length === 0) return command.script;
  const bodies = command.heredocs.map((heredoc) => `${heredoc.content}${heredoc.name}`).join('\n');
  return `${command.script}\n${bodies}`;
}

function userFor(user: string, fs: FileSystem) {
  const name = user.split(':')[0] || 'root';
  const passwd = fs.get('/etc/passwd');
  const lines = passwd?.kind === 'file' ? passwd.content.split('\n') : [];
  for (const line of lines) {
    const [entryName, , uid, gid, , home] = line.split(':');
    if (entryName === name || uid === name) {
      return { uid: Number(uid), gid: Number(gid), name: entryName!, home: home ?? '/' };
    }
  }
  const numeric = Number(name);
  if (Number.isInteger(numeric)) return { uid: numeric, gid: numeric, name, home: '/' };
  return { uid: 0, gid: 0, name: 'root', home: '/root' };
}

/** `../x`, `a/../../x`: a path that reaches above the folder it starts in. */
function climbsAboveRoot(path: string): boolean {
  let depth = 0;
  for (const part of path.split('/')) {
    if (part === '..') depth -= 1;
    else if (part !== '' && part !== '.') depth += 1;
    if (depth < 0) return true;
  }
  return false;
}

/** Paths in the build context that a COPY source names (wildcards expanded), without ignored ones. */
function matchContext(context: FileSystem, source: string, ignore: DockerIgnore): string[] {
  const clean = resolvePath('/', source);
  if (!hasWildcard(clean)) {
    const found = resolve(context, clean);
    if (typeof found === 'string' || !found.entry) return [];
    if (clean !== '/' && ignore.excludes(clean.slice(1))) return [];
    return [clean];
  }
  const pattern = contextPatternToRegExp(clean);
  return walk(context)
    .map(([path]) => path)
    .filter((path) => pattern.test(path) && !ignore.excludes(path.slice(1)));
}

/** `<uuid>::<25 characters>`: the shape of the ref BuildKit names when a source is missing. */
function checksumRef(seed: string): string {
  const hex = sha256Hex(seed);
  // A version 4 UUID, as BuildKit's session IDs are.
  const variant = '89ab'[parseInt(hex[16]!, 16) % 4]!;
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  const id = [...sha256Hex(`${seed}\n`).slice(0, 50)]
    .map((c, i, all) => (i % 2 === 0 ? (parseInt(c + all[i + 1], 16) % 36).toString(36) : ''))
    .join('');
  return `${uuid}::${id}`;
}

/** The file name a download would get: the URL's last path segment, decoded when it can be. */
function urlFileName(url: string): string {
  const last = url.replace(/[?#].*$/, '').replace(/\/+$/, '').split('/').pop() ?? '';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** True for ADD sources BuildKit fetches rather than reads from the context. */
function remoteKind(source: string): 'url' | 'git' | undefined {
  if (/^git@[^:]+:/.test(source) || /^git:\/\//.test(source)) return 'git';
  if (/^https?:\/\//.test(source)) {
    return /\.git(#.*)?$/.test(source) || source.includes('.git#') ? 'git' : 'url';
  }
  return undefined;
}

/** `--chmod` as BuildKit reads it: octal up to 07777, or symbolic (`u+x,go-w`). */
function chmodFunction(value: string): ((mode: number, isDir: boolean) => number) | undefined {
  if (/^[0-7]+$/.test(value)) {
    const mode = parseInt(value, 8);
    return mode <= 0o7777 ? () => mode : undefined;
  }
  const clauses = value.split(',');
  const parsed: Array<{ who: number; op: string; perms: string }> = [];
  for (const clause of clauses) {
    const match = /^([ugoa]*)([+=-])([rwxX]*)$/.exec(clause);
    if (!match) return undefined;
    const whoText = match[1] || 'a';
    let who = 0;
    if (/[ua]/.test(whoText)) who |= 0o700;
    if (/[ga]/.test(whoText)) who |= 0o070;
    if (/[oa]/.test(whoText)) who |= 0o007;
    parsed.push({ who, op: match[2]!, perms: match[3]! });
  }
  return (mode, isDir) => {
    let result = mode;
    for (const { who, op, perms } of parsed) {
      let bits = 0;
      if (perms.includes('r')) bits |= 0o444;
      if (perms.includes('w')) bits |= 0o222;
      if (perms.includes('x') || (perms.includes('X') && (isDir || (mode & 0o111) !== 0)))
        bits |= 0o111;
      bits &= who;
      if (op === '+') result |= bits;
      else if (op === '-') result &= ~bits;
      else result = (result & ~who) | bits;
    }
    return result;
  };
}

/** Notes once per build that a step used something the table marks partial or not simulated. */
function touch(step: StepServices, key: string): void {
  const entry = supportRow(key);
  if (entry && entry.level !== 'supported') {
    step.progress.note(dockyardNotes.support(entry.key, entry.level, entry.note));
  }
}

async function copyStep(
  instruction: CopyInstruction | AddInstruction,
  state: StageState,
  step: StepServices,
): Promise<void> {
  const { request, escape } = step;
  const keyword = instruction.kind === 'copy' ? 'COPY' : 'ADD';
  const fromStage = instruction.kind === 'copy' ? instruction.from : undefined;
  const parents = instruction.kind === 'copy' && instruction.parents;
  const range = lineRange(instruction);
  let sourceFs: FileSystem = request.context;
  if (fromStage !== undefined) {
    const built = step.built.get(stageIndexOf(step.stages, fromStage));
    if (built) sourceFs = built.fs;
    else {
      const expanded = expandWord(fromStage, (name) => step.metaArgs.get(name), escape);
      const ref = parseReference(expanded.ok ? expanded.value : fromStage);
      const image = 'error' in ref ? undefined : step.resolvedBases.get(fullName(ref));
      if (image && !('error' in ref)) {
        const name = `${fullName(ref)}@${image.repoDigest ?? image.id}`;
        if (!step.copySources.has(name)) {
          step.copySources.add(name);
          showImageSource(step.progress, `FROM ${name}`, name, image, step.services);
        }
      }
      // Every image a COPY --from names was resolved before the first step, or the build failed.
      if (!image) throw new Error(`COPY --from=${fromStage}: image not resolved before the steps`);
      sourceFs = imageFilesystem(image);
    }
  } else step.loadContext();
  if (instruction.link) touch(step, `${keyword} --link`);

  const sources = instruction.sources.map((source) =>
    expandOrFail(source, state, escape, instruction),
  );
  const destRaw = expandOrFail(instruction.dest, state, escape, instruction);
  const cwd = state.config.WorkingDir || '/';
  const dest = resolvePath(cwd, destRaw);
  const destIsDir = destRaw.endsWith('/') || destRaw === '.' || destRaw === '..';
  const label = expandForLabel(instruction.node.original.replace(/^\S+/, keyword), lookupIn(state));
  /** Fails the step as BuildKit does once it has started: the step shows the error too. */
  const failStep = (vertexMessage: string, message = vertexMessage): never => {
    const vertex = step.progress.start(step.label(label));
    step.progress.fail(vertex, vertexMessage);
    throw new StepFailure({ message, range, step: { label: vertex.name, logs: [] } });
  };
  // --chown and --chmod take variables, as the sources do.
  const chownValue =
    instruction.chown !== undefined
      ? expandOrFail(instruction.chown, state, escape, instruction)
      : undefined;
  const chmodValue =
    instruction.chmod !== undefined
      ? expandOrFail(instruction.chmod, state, escape, instruction)
      : undefined;
  let ownership: { uid: number; gid: number };
  try {
    ownership = parseChown(chownValue, state.fs, range);
  } catch (error) {
    if (error instanceof StepFailure) failStep(error.failure.message);
    throw error;
  }
  const chmod =
    chmodValue !== undefined ? chmodFunction(chmodValue) : undefined;
  if (chmodValue !== undefined && !chmod) {
    throw new StepFailure({ message: buildMessages.invalidChmod(chmodValue), range });
  }
  const ignore = fromStage === undefined ? step.ignore : new DockerIgnore('');
  const exclude = new DockerIgnore(instruction.exclude.join('\n'));

  interface Matched {
    source: string;
    paths: string[];
    /** The part of each matched path that `--parents` keeps (`/./` pivots it). */
    pivot: string;
  }
  const matched: Matched[] = [];
  const remotes: Array<{ source: string; kind: 'url' | 'git' }> = [];
  const heredocs = new Map(instruction.heredocs.map((heredoc) => [heredoc.name, heredoc]));
  const heredocSources = sources.filter(
    (source) => source.startsWith('<<') && heredocs.has(source.slice(2).replace(/^-/, '')),
  );
  for (const source of sources) {
    if (heredocSources.includes(source)) continue;
    if (instruction.kind === 'add') {
      const kind = remoteKind(source);
      if (kind) {
        remotes.push({ source, kind });
        continue;
      }
    }
    const pivotAt = parents ? source.indexOf('/./') : -1;
    const pivot = pivotAt >= 0 ? resolvePath('/', source.slice(0, pivotAt)) : '/';
    const paths = matchContext(sourceFs, source, ignore).filter(
      (path) => !exclude.excludes(path.slice(1)),
    );
    if (paths.length === 0) {
      // BuildKit lets a wildcard match nothing; a plain path must exist.
      if (hasWildcard(resolvePath('/', source))) continue;
      if (fromStage === undefined && climbsAboveRoot(source))
        step.progress.note(dockyardNotes.sourceAboveContext(keyword, source));
      const missing = buildMessages.checksumNotFound(
        checksumRef(`${step.contextChecksum()}${source}`),
        resolvePath('/', source),
      );
      failStep(missing, buildMessages.cacheKeyFailed(missing));
    }
    matched.push({ source, paths, pivot });
  }
  const count =
    matched.reduce((total, entry) => total + entry.paths.length, 0) +
    heredocSources.length +
    remotes.length;
  if (count > 1 && !destIsDir && !parents) {
    // BuildKit has no such check (the classic builder refused it): it copies each source to
    // the same path in turn, so only the last one is left there.
    step.progress.note(dockyardNotes.severalSources(keyword, destRaw));
  }
  if (instruction.kind === 'add') {
    if (instruction.checksum !== undefined) touch(step, 'ADD --checksum');
    if (instruction.keepGitDir) touch(step, 'ADD --keep-git-dir');
  }

  /** What is copied from under a source, as [path in source, entry] pairs. */
  const contents = (path: string): Array<[string, Entry]> => {
    const entry = sourceFs.get(path)!;
    if (entry.kind !== 'dir') return [[path, entry]];
    return walk(sourceFs, path).filter(
      ([inner]) =>
        !ignore.excludes(inner.slice(1)) &&
        !exclude.excludes(inner.slice(1)) &&
        !exclude.excludes(inner.slice(path === '/' ? 1 : path.length + 1)),
    );
  };
  const contentKey = matched
    .flatMap(({ paths }) =>
      paths.flatMap((path) => [[path, sourceFs.get(path)!] as [string, Entry], ...contents(path)]),
    )
    .map(([path, entry]) => {
      const body = entry.kind === 'file' ? sha256Hex(entry.content) : entry.kind === 'symlink' ? entry.target : 'dir';
      return `${path}:${entry.kind}:${entry.mode.toString(8)}:${entry.uid}:${entry.gid}:${body}`;
    })
    .join('\n');
  // BuildKit's history text: the keyword, --parents/--chown/--chmod as expanded, then the
  // expanded sources and destination; --from, --link and --exclude are not recorded.
  const createdBy = [
    keyword,
    ...(parents ? ['--parents'] : []),
    ...(chownValue !== undefined ? [`--chown=${chownValue}`] : []),
    ...(chmodValue !== undefined ? [`--chmod=${chmodValue}`] : []),
    ...sources,
    destRaw,
    '# buildkit',
  ].join(' ');
  const definition = `${keyword} ${JSON.stringify({
    sources,
    dest,
    destIsDir,
    chown: instruction.chown,
    chmod: instruction.chmod,
    from: fromStage,
    parents,
    exclude: instruction.exclude,
    unpack: instruction.kind === 'add' ? instruction.unpack : undefined,
  })}\n${sha256Hex(contentKey)}`;

  await fileStep(
    state,
    step,
    instruction,
    label,
    createdBy,
    definition,
    (fs) => {
      const now = step.services.now();
      const inDir = (name: string) => `${dest === '/' ? '' : dest}/${name}`;
      // Unpacked archive members keep their own owners unless --chown says otherwise.
      const place = (target: string, entry: Entry, keepOwner = false) => {
        const slash = target.lastIndexOf('/');
        mkdirp(fs, slash <= 0 ? '/' : target.slice(0, slash), { mtime: now });
        const owned = keepOwner && instruction.chown === undefined;
        const meta: Entry = { ...entry, ...(owned ? {} : ownership) };
        if (chmod) meta.mode = chmod(entry.mode, entry.kind === 'dir');
        const existing = fs.get(target);
        if (existing?.kind === 'dir' && entry.kind === 'dir') fs.set(target, meta);
        else {
          if (existing) fs.delete(target);
          fs.set(target, meta);
        }
      };
      if (destIsDir) mkdirp(fs, dest, { mtime: now });
      for (const name of heredocSources) {
        const heredoc = heredocs.get(name.slice(2).replace(/^-/, ''))!;
        const target = destIsDir || fs.get(dest)?.kind === 'dir' ? inDir(heredoc.name) : dest;
        const content = heredoc.expand
          ? expandOrFail(heredoc.content, state, escape, instruction)
          : heredoc.content;
        place(target, { kind: 'file', content, mode: 0o644, uid: 0, gid: 0, mtime: now });
      }
      for (const { source, kind } of remotes) {
        const name =
          kind === 'git'
            ? ''
            : urlFileName(source) ||
              'download';
        const target = kind === 'git' ? dest : destIsDir ? inDir(name) : dest;
        if (kind === 'git') {
          mkdirp(fs, target, { mtime: now, ...ownership });
          step.progress.note(dockyardNotes.gitOffline(source, target));
        } else {
          place(target, { kind: 'file', content: '', mode: 0o600, uid: 0, gid: 0, mtime: now });
          step.progress.note(dockyardNotes.downloadOffline(source, target));
          if (instruction.kind === 'add' && instruction.checksum !== undefined)
            step.progress.note(dockyardNotes.checksumUnverified(source));
        }
      }
      for (const { paths, pivot } of matched) {
        for (const path of paths) {
          const entry = sourceFs.get(path)!;
          // `--parents` keeps the source's folders below the pivot.
          const kept = parents ? (pivot === '/' ? path : path.slice(pivot.length)) : '';
          const base = parents ? `${dest === '/' ? '' : dest}${kept}` : dest;
          if (entry.kind === 'dir') {
            mkdirp(fs, base, { mtime: now });
            for (const [inner, innerEntry] of contents(path)) {
              const relative = path === '/' ? inner : inner.slice(path.length);
              place(base === '/' ? relative : base + relative, innerEntry);
            }
            continue;
          }
          if (parents) {
            place(base, entry);
            continue;
          }
          const name = path.slice(path.lastIndexOf('/') + 1);
          const intoDir = destIsDir || fs.get(dest)?.kind === 'dir';
          const unpack = instruction.kind === 'add' && instruction.unpack !== false;
          const archive = unpack && entry.kind === 'file' ? readArchive(entry.content) : undefined;
          if (archive) {
            mkdirp(fs, dest, { mtime: now });
            for (const item of archive) {
              const target = `${dest === '/' ? '' : dest}/${item.path}`;
              const meta = { mode: item.mode, uid: item.uid, gid: item.gid, mtime: item.mtime * 1000 };
              if (item.kind === 'dir') place(target, { kind: 'dir', ...meta }, true);
              else if (item.kind === 'symlink')
                place(target, { kind: 'symlink', target: item.target, ...meta }, true);
              else place(target, { kind: 'file', content: item.content, ...meta }, true);
            }
            continue;
          }
          place(intoDir ? inDir(name) : dest, entry);
        }
      }
    },
    instruction.link,
  );
}

/** `--chown=user[:group]`, names looked up in the image's passwd and group files. */
function parseChown(
  chown: string | undefined,
  fs: FileSystem,
  range: { startLine: number; endLine: number },
): { uid: number; gid: number } {
  if (chown === undefined) return { uid: 0, gid: 0 };
  const [user = '0', group] = chown.split(':');
  const lookup = (file: string, name: string, missing: (name: string) => string) => {
    if (/^\d+$/.test(name)) return { id: Number(name) };
    const entry = fs.get(file);
    const line =
      entry?.kind === 'file'
        ? entry.content.split('\n').find((l) => l.split(':')[0] === name)
        : undefined;
    if (!line) throw new StepFailure({ message: missing(name), range });
    const fields = line.split(':');
    return { id: Number(fields[2]) };
  };
  const owner = lookup('/etc/passwd', user, buildMessages.unknownUser);
  const gid =
    group !== undefined && group !== ''
      ? lookup('/etc/group', group, buildMessages.unknownGroup).id
      : owner.id;
  return { uid: owner.id, gid };
}

function finishImage(state: StageState, services: BuildServices): Image {
  // Config-only steps take the time of the layer step before them (or the first one after), so a
  // fully cached build gives the same image ID again, as BuildKit's does. A build with no layer
  // step of its own keeps the time it was first made.
  const own = state.history.slice(state.baseHistory);
  const firstLayer = own.find((entry) => !entry.emptyLayer);
  let last =
    firstLayer?.created ??
    services.cache.firstTime(
      sha256Hex(`${state.cacheKey}\n${JSON.stringify(own.map((entry) => entry.createdBy))}`),
      services.now(),
    );
  const history = state.history.map((entry, index) => {
    if (index < state.baseHistory) return entry;
    if (!entry.emptyLayer) last = entry.created;
    return entry.emptyLayer ? { ...entry, created: last } : entry;
  });
  const partial = {
    ...(state.author !== undefined ? { author: state.author } : {}),
    ...(state.baseImage !== undefined
      ? { baseImage: state.baseImage, baseHistory: state.baseHistory }
      : {}),
    layers: state.layers,
    config: state.config,
    history,
    created: Math.max(0, ...history.map((entry) => entry.created)),
    baseLayers: state.baseLayers,
    layerLines: state.layerLines,
  };
  return { ...partial, id: computeImageId(partial) };
}
