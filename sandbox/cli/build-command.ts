import { buildxErrors, DOCKYARD_PREFIX, dockyardNotes } from '../build/messages.ts';
import {
  renderExcerpt,
  renderNotes,
  renderPlain,
  renderWarnings,
  ttyFrames,
} from '../build/progress.ts';
import { dirname, resolvePath, SubtreeFs, writeFile } from '../fs/index.ts';
import { parseReference, type Reference } from '../image/reference.ts';
import type { CliContext } from './docker.ts';
import { flagBool, flagList, flagString, type ParsedFlags } from './flags.ts';

const line = (terminal: CliContext['terminal'], text: string) => terminal.out(`${text}\n`);
const errLine = (terminal: CliContext['terminal'], text: string) => terminal.err(`${text}\n`);

/** Simulated time between two tty frames: BuildKit redraws about ten times a second. */
const FRAME_MS = 100;

/**
 * The most lines a frame drawn while the build runs may take: the cursor can only move back over
 * lines still on the screen, so taller frames keep their header and their newest rows, as
 * BuildKit's display does in a short terminal. The final frame is drawn whole.
 */
const LIVE_ROWS = 14;

/** The most frames one build animates (about four seconds); longer builds skip evenly. */
const MAX_FRAMES = 40;

const PROGRESS_MODES = ['auto', 'plain', 'tty', 'quiet', 'none', 'rawjson'];

/** `docker build`: reads the flags, runs the builder and prints its progress. */
export async function buildCommand(parsed: ParsedFlags, context: CliContext): Promise<number> {
  const { terminal, host, engine } = context;
  const progressMode = flagString(parsed, 'progress') ?? 'auto';
  if (!PROGRESS_MODES.includes(progressMode)) {
    errLine(terminal, buildxErrors.progressMode(progressMode));
    return 1;
  }
  const contextArg = parsed.args[0]!;
  if (contextArg === '-' || /^(https?:\/\/|git:\/\/|git@)/.test(contextArg)) {
    errLine(
      terminal,
      `${DOCKYARD_PREFIX[engine.language]}${dockyardNotes.contextNotLocal(contextArg)}`,
    );
    return 1;
  }
  const contextPath = resolvePath(context.cwd, contextArg);
  if (host.get(contextPath)?.kind !== 'dir') {
    errLine(terminal, buildxErrors.contextNotFound(contextArg));
    return 1;
  }
  const fileFlag = flagString(parsed, 'file');
  const dockerfilePath =
    fileFlag !== undefined ? resolvePath(context.cwd, fileFlag) : `${contextPath}/Dockerfile`;
  const dockerfileName = fileFlag ?? 'Dockerfile';
  const dockerfileEntry = host.get(dockerfilePath);
  if (dockerfileEntry?.kind !== 'file') {
    errLine(terminal, buildxErrors.dockerfileNotFound(dockerfileName));
    return 1;
  }
  const tags: Reference[] = [];
  for (const tag of flagList(parsed, 'tag')) {
    const ref = parseReference(tag);
    if ('error' in ref) {
      errLine(terminal, buildxErrors.invalidTag(tag, ref.error));
      return 1;
    }
    tags.push(ref);
  }
  const buildArgs: Record<string, string> = {};
  for (const item of flagList(parsed, 'build-arg')) {
    const eq = item.indexOf('=');
    if (eq > 0) buildArgs[item.slice(0, eq)] = item.slice(eq + 1);
  }
  // buildx removes an old ID file first, so a failed build leaves none behind.
  const iidfile = flagString(parsed, 'iidfile');
  const iidPath = iidfile !== undefined ? resolvePath(context.cwd, iidfile) : undefined;
  if (iidPath !== undefined && host.get(iidPath)?.kind === 'file') host.delete(iidPath);

  const quiet = flagBool(parsed, 'quiet') || progressMode === 'quiet' || progressMode === 'none';
  const tty = progressMode === 'tty' || (progressMode === 'auto' && terminal.tty);

  // A Dockerfile's own ignore file (`app.Dockerfile.dockerignore` beside it) wins over the
  // context's `.dockerignore`.
  const ownIgnore = host.get(`${dockerfilePath}.dockerignore`);
  const dockerfileBase = dockerfileName.slice(dockerfileName.lastIndexOf('/') + 1);
  const outcome = await engine.build({
    dockerfileName: dockerfileBase,
    dockerfile: dockerfileEntry.content,
    context: new SubtreeFs(host, contextPath),
    tags,
    buildArgs,
    target: flagString(parsed, 'target'),
    noCache: flagBool(parsed, 'no-cache'),
    signal: terminal.signal,
    ...(ownIgnore?.kind === 'file' ? { dockerignore: ownIgnore.content } : {}),
  });
  const { progress } = outcome;
  if (!quiet) {
    if (tty) {
      const frames = ttyFrames(progress, terminal.columns);
      // Only a real terminal can redraw; a pipe gets the final frame at once.
      if (terminal.tty) await drawFrames(frames, context);
      else terminal.err(`${frames.at(-1)!}\n`);
    } else terminal.err(`${renderPlain(progress)}\n`);
    const warnings = renderWarnings(progress.warnings, tty);
    if (warnings) terminal.err(`${warnings}\n`);
    const notes = renderNotes(progress.notes, DOCKYARD_PREFIX[engine.language], tty);
    if (notes) terminal.err(`${notes}\n`);
  }
  if (outcome.ok) {
    if (iidfile !== undefined && iidPath !== undefined) {
      // Like os.WriteFile, the ID file is written only into a folder that exists.
      const folderExists = host.get(dirname(iidPath))?.kind === 'dir';
      const problem =
        !folderExists ||
        writeFile(host, iidPath, outcome.image.id, { mtime: context.environment.now() });
      if (problem) {
        errLine(terminal, buildxErrors.iidfileNotWritten(iidfile));
        return 1;
      }
    }
    if (quiet) line(terminal, outcome.image.id);
    return 0;
  }
  const { error } = outcome;
  const parts: string[] = [];
  if (error.step) {
    parts.push('------', ` > ${error.step.label}:`, ...error.step.logs, '------');
  }
  if (error.range) {
    parts.push(
      renderExcerpt(
        dockerfileBase,
        dockerfileEntry.content,
        error.range.startLine,
        error.range.endLine,
      ),
    );
  }
  parts.push(buildxErrors.solve(error.message));
  errLine(terminal, parts.join('\n'));
  return 1;
}

/**
 * Draws BuildKit's tty display frame by frame: each frame replaces the one before it (cursor up
 * over its lines, clear to the end of the screen), paced by the environment's clock.
 */
async function drawFrames(all: string[], context: CliContext): Promise<void> {
  const { terminal, environment } = context;
  const frames =
    all.length <= MAX_FRAMES
      ? all
      : Array.from(
          { length: MAX_FRAMES },
          (_, i) => all[Math.round((i * (all.length - 1)) / (MAX_FRAMES - 1))]!,
        );
  let previousLines = 0;
  for (const [index, whole] of frames.entries()) {
    // Ctrl+C ends the animation: only the final frame is left to draw.
    if (terminal.signal?.aborted && index < frames.length - 1) continue;
    const lines = whole.split('\n');
    const frame =
      index < frames.length - 1 && lines.length > LIVE_ROWS
        ? [lines[0]!, ...lines.slice(lines.length - LIVE_ROWS + 1)].join('\n')
        : whole;
    if (index > 0) {
      await environment.delay(FRAME_MS, terminal.signal);
      const up = previousLines > 1 ? `\x1b[${previousLines - 1}A` : '';
      terminal.err(`${up}\r\x1b[J`);
    }
    terminal.err(frame);
    previousLines = frame.split('\n').length;
  }
  terminal.err('\n');
}
