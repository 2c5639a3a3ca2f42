/**
 * What the next `docker build` would take from the cache and what it would run again, and why;
 * and the record of the last build, step by step, for replaying it.
 *
 * The prediction runs the builder itself on the current files against a read-only view of the
 * engine's build cache, so every hit and miss comes from the builder's own cache keys: nothing
 * here computes a key.
 */
import type { Instruction } from '../dockerfile/types.ts';
import { walk, type FileSystem } from '../fs/index.ts';
import type { Image, Layer } from '../image/image.ts';
import { sha256Hex } from '../image/sha256.ts';
import type { Reference } from '../image/reference.ts';
import { BuildCache, type CacheRecord } from './build-cache.ts';
import {
  runBuild,
  type BuildFailure,
  type BuildOutcome,
  type BuildRequest,
  type BuildServices,
  type BuildStepRecord,
} from './builder.ts';
import { contextPatternToRegExp } from './context-pattern.ts';
import { DockerIgnore } from './dockerignore.ts';
import type { Vertex } from './progress.ts';

/**
 * The last build: what was asked, the context as it was then (a digest per file: the plan only
 * asks whether a file changed), each step as it ended and how the build ended. Plain data only,
 * so that it is saved with the engine as it is.
 */
export interface BuildRecord {
  request: Omit<BuildRequest, 'context' | 'signal'>;
  /** Context files (path without the leading `/`) → sha256 of their content. */
  context: Map<string, string>;
  steps: RecordedStep[];
  result: BuildResult;
}

/** A step as the record keeps it: its progress line reduced to its label, cache hit and log. */
export interface RecordedStep extends Omit<BuildStepRecord, 'vertex'> {
  vertex?: RecordedVertex;
}

export interface RecordedVertex {
  name: string;
  cached: boolean;
  /** The step's output lines, the last `MAX_RECORDED_LOG_LINES` of them. */
  logs: string[];
}

export type BuildResult =
  | { ok: true; image: Image }
  | { ok: false; error: BuildFailure; failedStep?: RecordedVertex };

/** A step that printed more keeps its last lines only: enough to replay it, small to save. */
export const MAX_RECORDED_LOG_LINES = 200;

function recordedVertex(vertex: Vertex): RecordedVertex {
  return {
    name: vertex.name,
    cached: vertex.cached,
    logs: vertex.logs.slice(-MAX_RECORDED_LOG_LINES).map((line) => line.text),
  };
}

/** Collects a build's steps through the builder's `onStep` hook. */
export class BuildRecorder {
  private readonly steps: BuildStepRecord[] = [];
  private readonly context: Map<string, string>;

  constructor(private readonly request: BuildRequest) {
    this.context = contextDigests(request.context);
  }

  readonly onStep = (step: BuildStepRecord): void => {
    this.steps.push(step);
  };

  finish(outcome: BuildOutcome): BuildRecord {
    const { context: _context, signal: _signal, ...request } = this.request;
    // A step's vertex is complete once the build has ended: copied only now.
    const steps = this.steps.map(({ vertex, ...step }) =>
      vertex ? { ...step, vertex: recordedVertex(vertex) } : step,
    );
    const failed = outcome.ok ? undefined : outcome.progress.vertices.find((v) => v.error);
    const result: BuildResult = outcome.ok
      ? { ok: true, image: outcome.image }
      : { ok: false, error: outcome.error, ...(failed ? { failedStep: recordedVertex(failed) } : {}) };
    return { request, context: this.context, steps, result };
  }
}

/**
 * A build record as JSON: layers by digest. `format` changes whenever the shape of a record (or
 * of the instructions in it) does; a record of another format is not restored.
 */
export interface SavedBuildRecord {
  format: typeof RECORD_FORMAT;
  request: BuildRecord['request'];
  context: Array<[string, string]>;
  steps: Array<Omit<RecordedStep, 'layers'> & { layers: string[] }>;
  result:
    | { ok: true; image: Omit<Image, 'layers'> & { layers: string[] } }
    | Extract<BuildResult, { ok: false }>;
}

const RECORD_FORMAT = 1;

/** `keep` stores a layer and gives the digest it is stored under. */
export function saveBuildRecord(
  record: BuildRecord,
  keep: (layer: Layer) => string,
): SavedBuildRecord {
  const { result } = record;
  return {
    format: RECORD_FORMAT,
    request: record.request,
    context: [...record.context],
    steps: record.steps.map((step) => ({ ...step, layers: step.layers.map(keep) })),
    // The image goes with the record: `docker rmi` may have taken it from the store.
    result: result.ok
      ? { ok: true, image: { ...result.image, layers: result.image.layers.map(keep) } }
      : result,
  };
}

/**
 * The record `saveBuildRecord` saved, or undefined for one of another format. Throws when a
 * layer it names is missing.
 */
export function restoreBuildRecord(
  saved: SavedBuildRecord,
  layerOf: (digest: string) => Layer,
): BuildRecord | undefined {
  if (saved.format !== RECORD_FORMAT) return undefined;
  const { result } = saved;
  return {
    request: saved.request,
    context: new Map(saved.context),
    steps: saved.steps.map((step) => ({ ...step, layers: step.layers.map(layerOf) })),
    result: result.ok
      ? { ok: true, image: { ...result.image, layers: result.image.layers.map(layerOf) } }
      : result,
  };
}

function contextDigests(context: FileSystem): Map<string, string> {
  const files = new Map<string, string>();
  for (const [path, entry] of walk(context)) {
    if (entry.kind === 'file') files.set(path.slice(1), sha256Hex(entry.content));
  }
  return files;
}

/** How the next build would treat one instruction. */
export type StepMark = 'cached' | 'rebuild' | 'config' | 'base';

/** Why a step would run again rather than come from the cache. */
export type RebuildReason =
  | { kind: 'no-cache' }
  /** No earlier build of this Dockerfile to compare with. */
  | { kind: 'first-build' }
  /** The instruction reads differently from the one the last build ran. */
  | { kind: 'line-changed' }
  /** Context files the step copies differ from what the last build copied. */
  | { kind: 'files-changed'; files: string[] }
  /** A layer step above (at `line`) runs again, so every step after it does. */
  | { kind: 'parent-rebuilt'; line: number }
  /** A config instruction above (ENV, ARG, USER...) that this step sees changed. */
  | { kind: 'config-above-changed'; line: number }
  /** Same instruction and files, but the cache has no entry (pruned, or a new base image). */
  | { kind: 'not-in-cache' };

export interface PlannedStep {
  stageIndex: number;
  /** 1-based Dockerfile lines of the instruction. */
  line: number;
  endLine: number;
  /** The instruction as written (continuations joined). */
  text: string;
  keyword: string;
  /** BuildKit's step label (`[3/6] COPY . .`) for the steps it shows. */
  label?: string;
  mark: StepMark;
  reason?: RebuildReason;
}

export interface BuildPlan {
  steps: PlannedStep[];
  /** Set when the build would fail: BuildKit's message and the line, if it names one. */
  error?: { message: string; line?: number };
}

/** A cache that answers from the engine's but keeps nothing: a prediction must change nothing. */
class ReadOnlyCache extends BuildCache {
  constructor(private readonly source: BuildCache) {
    super();
  }

  override get(key: string): CacheRecord | undefined {
    return this.source.get(key);
  }

  override set(): void {}

  override firstTime(_key: string, now: number): number {
    return now;
  }
}

export interface PlanServices {
  now(): number;
  cache: BuildCache;
  resolveImage(ref: Reference): Image | undefined;
  pulledBases: ReadonlySet<string>;
}

/**
 * Predicts the next build of `request` (the current files) from the cache and, for the reasons,
 * the last build's record.
 */
export async function planBuild(
  request: BuildRequest,
  services: PlanServices,
  previous?: BuildRecord,
): Promise<BuildPlan> {
  const steps: BuildStepRecord[] = [];
  const dryServices: BuildServices = {
    now: services.now,
    delay: () => Promise.resolve(),
    cache: new ReadOnlyCache(services.cache),
    resolveImage: services.resolveImage,
    pulledBases: new Set(services.pulledBases),
    onStep: (step) => steps.push(step),
  };
  const outcome = await runBuild(request, dryServices);
  const context = contextDigests(request.context);
  const ignoreFile = request.context.get('/.dockerignore');
  const ignore = new DockerIgnore(
    request.dockerignore ?? (ignoreFile?.kind === 'file' ? ignoreFile.content : ''),
  );
  const planned = markSteps(steps, request.noCache, previous, context, ignore);
  if (outcome.ok) return { steps: planned };
  const range = outcome.error.range;
  return {
    steps: planned,
    error: { message: outcome.error.message, line: range?.startLine },
  };
}

function instructionText(instruction: Instruction): string {
  return instruction.node.original;
}

/** What the plan reads of a step: its stage, its instruction and its progress line. */
type StepSeen = Pick<BuildStepRecord, 'stageIndex' | 'instruction'> & {
  vertex?: { name: string; cached: boolean };
};

function isLayerStep(step: StepSeen): boolean {
  return step.instruction.kind !== 'from' && step.vertex !== undefined;
}

function markSteps(
  steps: StepSeen[],
  noCache: boolean,
  previous: BuildRecord | undefined,
  context: Map<string, string>,
  ignore: DockerIgnore,
): PlannedStep[] {
  const previousTexts = new Map<number, Set<string>>();
  for (const step of previous?.steps ?? []) {
    const texts = previousTexts.get(step.stageIndex) ?? new Set<string>();
    texts.add(instructionText(step.instruction));
    previousTexts.set(step.stageIndex, texts);
  }
  const changedFiles = previous ? contextChanges(previous.context, context, ignore) : [];
  /** The line of the first rebuilt layer step so far, per stage. */
  const rebuiltAbove = new Map<number, number>();
  /** The line of the first changed config instruction so far, per stage. */
  const configAbove = new Map<number, number>();

  return steps.map((step) => {
    const { instruction } = step;
    const base = {
      stageIndex: step.stageIndex,
      line: instruction.range.start.line,
      endLine: instruction.range.end.line,
      text: instructionText(instruction),
      keyword: instruction.node.keyword.toUpperCase(),
      label: step.vertex?.name,
    };
    const known = previousTexts.get(step.stageIndex)?.has(base.text) ?? false;
    if (instruction.kind === 'from') return { ...base, mark: 'base' as const };
    if (!isLayerStep(step)) {
      if (previous && !known && !configAbove.has(step.stageIndex))
        configAbove.set(step.stageIndex, base.line);
      return { ...base, mark: 'config' as const };
    }
    if (step.vertex!.cached) return { ...base, mark: 'cached' as const };

    const reason = rebuildReason();
    if (!rebuiltAbove.has(step.stageIndex)) rebuiltAbove.set(step.stageIndex, base.line);
    return { ...base, mark: 'rebuild' as const, reason };

    function rebuildReason(): RebuildReason {
      if (noCache) return { kind: 'no-cache' };
      const above = rebuiltAbove.get(step.stageIndex);
      if (above !== undefined) return { kind: 'parent-rebuilt', line: above };
      if (!previous) return { kind: 'first-build' };
      if (!known) return { kind: 'line-changed' };
      if ((instruction.kind === 'copy' && instruction.from === undefined) || instruction.kind === 'add') {
        const files = changedFiles.filter((path) => copiedBy(instruction.sources, path));
        if (files.length > 0) return { kind: 'files-changed', files };
      }
      const config = configAbove.get(step.stageIndex);
      if (config !== undefined) return { kind: 'config-above-changed', line: config };
      return { kind: 'not-in-cache' };
    }
  });
}

/** Context files added, changed or removed since `before`, leaving out ignored ones. */
function contextChanges(
  before: Map<string, string>,
  after: Map<string, string>,
  ignore: DockerIgnore,
): string[] {
  const changed = new Set<string>();
  for (const [path, content] of after) {
    if (before.get(path) !== content) changed.add(path);
  }
  for (const path of before.keys()) if (!after.has(path)) changed.add(path);
  return [...changed].filter((path) => !ignore.excludes(path)).sort();
}

/** Whether a context path falls under one of a COPY's sources (a file, a folder, a pattern). */
function copiedBy(sources: readonly string[], path: string): boolean {
  return sources.some((written) => {
    const source = written.replace(/^(\.\/)+/, '').replace(/^\/+/, '').replace(/\/+$/, '');
    if (source === '' || source === '.') return true;
    if (path === source || path.startsWith(`${source}/`)) return true;
    const pattern = contextPatternToRegExp(source);
    const parts = path.split('/');
    return parts.some((_, i) => pattern.test(parts.slice(0, i + 1).join('/')));
  });
}
