/**
 * The `dockyard` command: the same engine as the page, on the command line.
 *
 *   dockyard shell [--context DIR]     run command lines from standard input in a fresh sandbox
 *   dockyard parse [--format F] FILE   print a Dockerfile's syntax tree (json or buildkit)
 *   dockyard lint [--format F] FILE    print the diagnostics `docker build` would raise (text or json)
 *
 * DOCKYARD_TIME (an ISO date) pins the clock and DOCKYARD_SEED (a number) the randomness, so a
 * session's output can be compared byte for byte.
 */
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import {
  dumpNode,
  lintDockerfile,
  parseDockerfile,
  parseInstructions,
} from '../sandbox/dockerfile/index.ts';
import type { Diagnostic } from '../sandbox/dockerfile/types.ts';
import type { Environment } from '../sandbox/index.ts';

const USAGE = `Usage:
  dockyard shell [--context DIR]   (DIR defaults to the current folder)
  dockyard parse [--format json|buildkit] FILE
  dockyard lint [--format text|json] FILE`;

/** Files bigger than this are left out of the build context; the simulation holds text only. */
const MAX_CONTEXT_FILE = 1_000_000;

function fail(message: string, status = 2): never {
  process.stderr.write(`dockyard: ${message}\n`);
  process.exit(status);
}

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  if (index < 0) return undefined;
  const value = args[index + 1];
  if (value === undefined) fail(`${name} needs a value\n${USAGE}`);
  args.splice(index, 2);
  return value;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    fail(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot be read (${code})`, 1);
  }
}

/**
 * The folder's files as text, as the build context. Links are not followed (a link back up the
 * tree would never end), and files that are not UTF-8 text are left out with a note: the
 * simulation holds text only.
 */
function readContext(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const skipped: string[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const visit = (path: string) => {
    for (const name of readdirSync(path)) {
      if (name === 'node_modules' || name === '.git') continue;
      const full = join(path, name);
      const stat = lstatSync(full);
      const relativePath = relative(dir, full).split('\\').join('/');
      if (stat.isDirectory()) visit(full);
      else if (!stat.isFile()) continue;
      else if (stat.size > MAX_CONTEXT_FILE) skipped.push(relativePath);
      else {
        try {
          files[relativePath] = decoder.decode(readFileSync(full));
        } catch {
          skipped.push(relativePath);
        }
      }
    }
  };
  try {
    if (!statSync(dir).isDirectory()) fail(`${dir}: not a directory`, 1);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    fail(code === 'ENOENT' ? `${dir}: no such directory` : `${dir}: cannot be read (${code})`, 1);
  }
  visit(dir);
  if (skipped.length > 0) {
    process.stderr.write(
      `dockyard: left out of the build context (not text, or over 1 MB): ${skipped.join(', ')}\n`,
    );
  }
  return files;
}

/** A small seeded generator (mulberry32), for reproducible names and IDs. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Simulated waits take no real time here, but still let every pending promise chain run. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function environment(): Partial<Environment> {
  const pinned = process.env.DOCKYARD_TIME;
  const seed = process.env.DOCKYARD_SEED;
  const env: Partial<Environment> = { delay: () => nextTask() };
  if (pinned !== undefined) {
    let now = Date.parse(pinned);
    if (Number.isNaN(now)) fail(`DOCKYARD_TIME: not a date: ${pinned}`);
    env.now = () => now;
    env.delay = (ms) => {
      now += ms;
      return nextTask();
    };
  }
  if (seed !== undefined) env.random = seeded(Number(seed));
  return env;
}

async function shell(args: string[]): Promise<number> {
  const dir = option(args, '--context') ?? '.';
  if (args.length > 0) fail(`unexpected argument: ${args[0]}\n${USAGE}`);
  // The engine loads only for this command, so `parse` and `lint` start faster.
  const { createSandbox } = await import('../sandbox/index.ts');
  const sandbox = createSandbox({ files: readContext(dir), environment: environment() });
  let status = 0;
  // A command that would wait forever (`docker run` of a server in the foreground, `logs -f`)
  // gets Ctrl+C once nothing else can happen, as a learner would press it.
  let running: AbortController | undefined;
  const interruptWhenIdle = () => {
    if (!running || running.signal.aborted) return;
    process.stdout.write('^C\n');
    running.abort();
  };
  process.on('beforeExit', interruptWhenIdle);
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    running = new AbortController();
    status = await sandbox.run(line, {
      tty: false,
      columns: 80,
      signal: running.signal,
      onOutput: (text) => process.stdout.write(text),
    });
    running = undefined;
    // `exit` ends the shell, as at a real prompt: the lines after it are not read.
    if (sandbox.exited()) break;
  }
  process.off('beforeExit', interruptWhenIdle);
  sandbox.dispose();
  return status;
}

function parse(args: string[]): number {
  const format = option(args, '--format') ?? 'json';
  if (!['json', 'buildkit'].includes(format)) fail(`unknown format: ${format} (json or buildkit)`);
  const [file] = args;
  if (file === undefined || args.length > 1) fail(USAGE);
  const text = readText(file);
  const result = parseDockerfile(text);
  if (result.error) {
    process.stderr.write(`${result.error.message}\n`);
    return 1;
  }
  if (format === 'buildkit') {
    process.stdout.write(result.nodes.map((node) => `(${dumpNode(node)})\n`).join(''));
    return 0;
  }
  const instructions = parseInstructions(result);
  process.stdout.write(
    `${JSON.stringify({ directives: result.directives, nodes: result.nodes, stages: instructions.stages.map(({ index, name, from, commands }) => ({ index, name, base: from.image, commands: commands.map((c) => c.kind) })), error: instructions.error }, null, 2)}\n`,
  );
  return 0;
}

function lint(args: string[]): number {
  const format = option(args, '--format') ?? 'text';
  if (!['text', 'json'].includes(format)) fail(`unknown format: ${format} (text or json)`);
  const [file] = args;
  if (file === undefined || args.length > 1) fail(USAGE);
  const diagnostics = lintDockerfile(readText(file));
  if (format === 'json') {
    const rows = diagnostics.map((d: Diagnostic) => ({
      severity: d.severity,
      code: d.code,
      message: d.message,
      line: d.range.start.line,
      column: d.range.start.column,
      endLine: d.range.end.line,
      endColumn: d.range.end.column,
    }));
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  } else {
    for (const d of diagnostics) {
      const hint = d.hint ? `\n    hint: ${d.hint}` : '';
      process.stdout.write(
        `${file}:${d.range.start.line}:${d.range.start.column}: ${d.severity} ${d.code}: ${d.message}${hint}\n`,
      );
    }
  }
  return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  switch (command) {
    case 'shell':
      return shell(args);
    case 'parse':
      return parse(args);
    case 'lint':
      return lint(args);
    case undefined:
    case '--help':
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      fail(`unknown command: ${command}\n${USAGE}`);
  }
}

main().then(
  (status) => process.exit(status),
  (error: unknown) => {
    process.stderr.write(
      `dockyard: internal error: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(70);
  },
);
