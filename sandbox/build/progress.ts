/**
 * A build's progress as BuildKit reports it: vertices (steps) with status rows, log lines and an
 * outcome, rendered in BuildKit's plain format (`--progress=plain`) or its tty format.
 */

export interface StatusRow {
  text: string;
  /** Seconds the row took, when BuildKit prints one. */
  seconds?: number;
  done: boolean;
}

export interface LogLine {
  /** Seconds since the vertex started. */
  at: number;
  text: string;
}

export interface Vertex {
  name: string;
  started: number;
  completed?: number;
  cached: boolean;
  error?: string;
  /** Stopped by Ctrl+C while it ran. */
  canceled?: boolean;
  statuses: StatusRow[];
  logs: LogLine[];
  /** Build-check warnings BuildKit attaches to this step (the Dockerfile's). */
  warnings?: string[];
}

export interface BuildWarning {
  rule: string;
  message: string;
  line?: number;
}

/** Records what happened during a build; the renderers turn it into text. */
export class BuildProgress {
  readonly vertices: Vertex[] = [];
  readonly warnings: BuildWarning[] = [];
  /** Dockyard's own notes about the simulation, each kept once; never Docker's words. */
  readonly notes: string[] = [];

  constructor(private readonly now: () => number) {}

  start(name: string): Vertex {
    const vertex: Vertex = { name, started: this.now(), cached: false, statuses: [], logs: [] };
    this.vertices.push(vertex);
    return vertex;
  }

  status(vertex: Vertex, text: string, seconds?: number): void {
    vertex.statuses.push({ text, seconds, done: true });
  }

  log(vertex: Vertex, text: string): void {
    const at = (this.now() - vertex.started) / 1000;
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    for (const line of lines) vertex.logs.push({ at, text: line });
  }

  done(vertex: Vertex): void {
    vertex.completed = this.now();
  }

  cached(vertex: Vertex): void {
    vertex.cached = true;
    vertex.completed = this.now();
  }

  warn(vertex: Vertex, warning: BuildWarning): void {
    (vertex.warnings ??= []).push(warningText(warning));
  }

  cancel(vertex: Vertex): void {
    vertex.canceled = true;
    vertex.completed = this.now();
  }

  fail(vertex: Vertex, message: string): void {
    vertex.error = message;
    vertex.completed = this.now();
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  /** Seconds from the first vertex's start to the last one's end. */
  elapsed(): number {
    if (this.vertices.length === 0) return 0;
    const end = Math.max(...this.vertices.map((vertex) => vertex.completed ?? vertex.started));
    return (end - this.vertices[0]!.started) / 1000;
  }
}

/** `0.512`, `12.34`, `123.4`: BuildKit's log timestamp precision. */
function logSeconds(seconds: number): string {
  if (seconds < 10) return seconds.toFixed(3);
  if (seconds < 100) return seconds.toFixed(2);
  return seconds.toFixed(1);
}

function vertexSeconds(vertex: Vertex): number {
  return ((vertex.completed ?? vertex.started) - vertex.started) / 1000;
}

/** BuildKit's `--progress=plain` text, one block per vertex, numbered from #1. */
export function renderPlain(progress: BuildProgress): string {
  const out: string[] = ['#0 building with "default" instance using docker driver', ''];
  progress.vertices.forEach((vertex, index) => {
    const id = `#${index + 1}`;
    out.push(`${id} ${vertex.name}`);
    for (const row of vertex.statuses) {
      const time = row.seconds !== undefined ? ` ${row.seconds.toFixed(1)}s` : '';
      out.push(`${id} ${row.text}${time}${row.done ? ' done' : ''}`);
    }
    for (const line of vertex.logs) out.push(`${id} ${logSeconds(line.at)} ${line.text}`);
    for (const warning of vertex.warnings ?? []) out.push(`${id} WARN: ${warning}`);
    if (vertex.error !== undefined) out.push(`${id} ERROR: ${vertex.error}`);
    else if (vertex.canceled) out.push(`${id} CANCELED`);
    else if (vertex.cached) out.push(`${id} CACHED`);
    else out.push(`${id} DONE ${vertexSeconds(vertex).toFixed(1)}s`);
    out.push('');
  });
  return out.join('\n');
}

/** The most frames one step's log adds to the tty animation. */
const MAX_LOG_FRAMES = 8;

const BLUE = '\x1b[34m';
const RED = '\x1b[31m';
const YELLOW = '\x1b[33m';
const CYAN = '\x1b[36m';
const RESET = '\x1b[0m';

function rightAlign(left: string, right: string, columns: number): string {
  const room = columns - right.length - 1;
  const text = left.length > room ? `${left.slice(0, Math.max(0, room - 3))}...` : left;
  return text + ' '.repeat(Math.max(1, columns - text.length - right.length)) + right;
}

/** BuildKit's final tty frame: the header, one row per vertex and its status rows, coloured. */
export function renderTty(progress: BuildProgress, columns: number, finished: boolean): string {
  const width = Math.max(60, Math.min(columns, 120));
  const done = progress.vertices.filter((vertex) => vertex.completed !== undefined).length;
  const state = finished ? ' FINISHED' : '';
  const header = `[+] Building ${progress.elapsed().toFixed(1)}s (${done}/${progress.vertices.length})${state}`;
  const out: string[] = [rightAlign(header, 'docker:default', width)];
  for (const vertex of progress.vertices) {
    const failed = vertex.error !== undefined || vertex.canceled === true;
    const prefix = vertex.canceled
      ? 'CANCELED '
      : failed
        ? 'ERROR '
        : vertex.cached
          ? 'CACHED '
          : '';
    // BuildKit draws finished steps blue, failed ones red, and running ones in the plain colour.
    const running = vertex.completed === undefined;
    const colour = failed ? RED : running ? '' : BLUE;
    const reset = colour ? RESET : '';
    const row = rightAlign(
      ` => ${prefix}${vertex.name}`,
      `${vertexSeconds(vertex).toFixed(1)}s`,
      width,
    );
    out.push(`${colour}${row}${reset}`);
    for (const status of vertex.statuses) {
      const seconds = status.seconds ?? 0;
      out.push(
        `${colour}${rightAlign(` => => ${status.text}`, `${seconds.toFixed(1)}s`, width)}${reset}`,
      );
    }
    for (const warning of vertex.warnings ?? []) {
      const row = ` => WARN: ${warning}`;
      out.push(`${YELLOW}${row.length > width ? `${row.slice(0, width - 3)}...` : row}${RESET}`);
    }
    if (failed || running) {
      for (const line of vertex.logs.slice(-6)) out.push(` => => # ${line.text}`);
    }
  }
  return out.join('\n');
}

/**
 * The tty frames BuildKit draws while a build runs, one per vertex as it starts (that vertex
 * still running), ending with the final frame `renderTty(progress, columns, true)`.
 */
export function ttyFrames(progress: BuildProgress, columns: number): string[] {
  const frames: string[] = [];
  progress.vertices.forEach((vertex, index) => {
    // A step that logs gets a few more frames, its log growing as it would while it runs.
    const shown = new Set([0]);
    const count = vertex.logs.length;
    for (let i = 1; i <= Math.min(count, MAX_LOG_FRAMES); i++) {
      shown.add(Math.round((i * count) / Math.min(count, MAX_LOG_FRAMES)));
    }
    for (const logs of [...shown].sort((a, b) => a - b)) {
      const partial = new BuildProgress(() => 0);
      partial.vertices.push(...progress.vertices.slice(0, index), {
        ...vertex,
        completed: undefined,
        cached: false,
        error: undefined,
        canceled: false,
        statuses: [],
        logs: vertex.logs.slice(0, logs),
      });
      frames.push(renderTty(partial, columns, false));
    }
  });
  frames.push(renderTty(progress, columns, true));
  return frames;
}

/** Dockyard's notes, each on a line that says it is not Docker's output. */
export function renderNotes(notes: readonly string[], prefix: string, tty: boolean): string {
  if (notes.length === 0) return '';
  const text = notes.map((note) => `${prefix}${note}`).join('\n');
  return tty ? `${CYAN}${text}${RESET}` : text;
}

/** `JSONArgsRecommended: JSON arguments recommended ... (line 3)`: one warning as BuildKit words it. */
function warningText(warning: BuildWarning): string {
  const where = warning.line !== undefined ? ` (line ${warning.line})` : '';
  return `${warning.rule}: ${warning.message}${where}`;
}

/** ` 1 warning found (use docker --debug to expand):` and one line per warning. */
export function renderWarnings(warnings: readonly BuildWarning[], tty: boolean): string {
  if (warnings.length === 0) return '';
  const count = warnings.length === 1 ? '1 warning found' : `${warnings.length} warnings found`;
  const lines = [` ${count} (use docker --debug to expand):`];
  for (const warning of warnings) lines.push(` - ${warningText(warning)}`);
  const text = lines.join('\n');
  return tty ? `${YELLOW}${text}${RESET}` : text;
}

/** BuildKit's source excerpt around an error range. */
export function renderExcerpt(
  fileName: string,
  source: string,
  startLine: number,
  endLine: number,
): string {
  const lines = source.split('\n');
  const context = startLine === endLine ? 2 : 1;
  const first = Math.max(1, startLine - context);
  const last = Math.min(lines.length, endLine + context);
  const out = [`${fileName}:${startLine}`, '--------------------'];
  for (let n = first; n <= last; n++) {
    const marker = n >= startLine && n <= endLine ? '>>>' : '   ';
    out.push(` ${String(n).padStart(3)} | ${marker} ${lines[n - 1] ?? ''}`);
  }
  out.push('--------------------');
  return out.join('\n');
}

/** `2B`, `1.84kB`, `3.62MB`: BuildKit's transfer sizes. */
export function transferSize(bytes: number): string {
  if (bytes < 1000) return `${bytes}B`;
  const units = ['kB', 'MB', 'GB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(2)}${units[unit]}`;
}
