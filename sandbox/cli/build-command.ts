import { renderExcerpt, renderPlain, renderTty, renderWarnings } from '../build/progress.ts';
import { resolvePath, SubtreeFs } from '../fs/index.ts';
import { parseReference, type Reference } from '../image/reference.ts';
import type { CliContext } from './docker.ts';
import { flagBool, flagList, flagString, type ParsedFlags } from './flags.ts';

const line = (terminal: CliContext['terminal'], text: string) => terminal.out(`${text}\n`);
const errLine = (terminal: CliContext['terminal'], text: string) => terminal.err(`${text}\n`);

/** `docker build`: reads the flags, runs the builder and prints its progress. */
export async function buildCommand(parsed: ParsedFlags, context: CliContext): Promise<number> {
  const { terminal, host, engine } = context;
  const contextPath = resolvePath(context.cwd, parsed.args[0]!);
  if (host.get(contextPath)?.kind !== 'dir') {
    errLine(
      terminal,
      `ERROR: failed to build: unable to prepare context: path "${parsed.args[0]}" not found`,
    );
    return 1;
  }
  const fileFlag = flagString(parsed, 'file');
  const dockerfilePath =
    fileFlag !== undefined ? resolvePath(context.cwd, fileFlag) : `${contextPath}/Dockerfile`;
  const dockerfileName = fileFlag ?? 'Dockerfile';
  const dockerfileEntry = host.get(dockerfilePath);
  if (dockerfileEntry?.kind !== 'file') {
    errLine(
      terminal,
      `ERROR: failed to build: failed to solve: failed to read dockerfile: open ${dockerfileName}: no such file or directory`,
    );
    return 1;
  }
  const tags: Reference[] = [];
  for (const tag of flagList(parsed, 'tag')) {
    const ref = parseReference(tag);
    if ('error' in ref) {
      errLine(terminal, `ERROR: failed to build: invalid tag "${tag}": ${ref.error}`);
      return 1;
    }
    tags.push(ref);
  }
  const buildArgs: Record<string, string> = {};
  for (const item of flagList(parsed, 'build-arg')) {
    const eq = item.indexOf('=');
    if (eq > 0) buildArgs[item.slice(0, eq)] = item.slice(eq + 1);
  }
  const progressMode = flagString(parsed, 'progress') ?? 'auto';
  if (!['auto', 'plain', 'tty', 'quiet', 'none', 'rawjson'].includes(progressMode)) {
    errLine(terminal, `ERROR: failed to build: invalid progress mode "${progressMode}"`);
    return 1;
  }
  const quiet = flagBool(parsed, 'quiet') || progressMode === 'quiet' || progressMode === 'none';
  const tty = progressMode === 'tty' || (progressMode === 'auto' && terminal.tty);

  const outcome = await engine.build({
    dockerfileName: dockerfileName.slice(dockerfileName.lastIndexOf('/') + 1),
    dockerfile: dockerfileEntry.content,
    context: new SubtreeFs(host, contextPath),
    tags,
    buildArgs,
    target: flagString(parsed, 'target'),
    noCache: flagBool(parsed, 'no-cache'),
    signal: terminal.signal,
  });
  const { progress } = outcome;
  if (!quiet) {
    terminal.err(`${tty ? renderTty(progress, terminal.columns, true) : renderPlain(progress)}\n`);
    const warnings = renderWarnings(progress.warnings, tty);
    if (warnings) terminal.err(`${warnings}\n`);
  }
  if (outcome.ok) {
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
        dockerfileName,
        dockerfileEntry.content,
        error.range.startLine,
        error.range.endLine,
      ),
    );
  }
  parts.push(`ERROR: failed to build: failed to solve: ${error.message}`);
  errLine(terminal, parts.join('\n'));
  return 1;
}
