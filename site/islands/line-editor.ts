/**
 * The terminal's line editing, with no DOM: the line being typed, the cursor in it and the
 * history of submitted lines. The terminal island feeds it keys and draws what it holds.
 */

/** A key that edits the line or acts on it. */
export type KeyKind =
  | 'enter'
  | 'backspace'
  | 'delete'
  | 'left'
  | 'right'
  | 'up'
  | 'down'
  | 'home'
  | 'end'
  | 'interrupt'
  | 'clear-screen'
  | 'kill-before'
  | 'kill-after'
  | 'kill-word'
  | 'ignored';

/** One key or one run of typed text, as the terminal's input stream spells it. */
export type InputToken = { kind: 'text'; text: string } | { kind: KeyKind };

const escapeSequences: Record<string, KeyKind> = {
  '\x1b[A': 'up',
  '\x1b[B': 'down',
  '\x1b[C': 'right',
  '\x1b[D': 'left',
  '\x1bOA': 'up',
  '\x1bOB': 'down',
  '\x1bOC': 'right',
  '\x1bOD': 'left',
  '\x1b[H': 'home',
  '\x1b[F': 'end',
  '\x1bOH': 'home',
  '\x1bOF': 'end',
  '\x1b[1~': 'home',
  '\x1b[4~': 'end',
  '\x1b[3~': 'delete',
};

const controlKeys: Record<string, KeyKind> = {
  '\r': 'enter',
  '\n': 'enter',
  '\x7f': 'backspace',
  '\b': 'backspace',
  '\x03': 'interrupt',
  '\x0c': 'clear-screen',
  '\x01': 'home',
  '\x05': 'end',
  '\x15': 'kill-before',
  '\x0b': 'kill-after',
  '\x17': 'kill-word',
};

// eslint-disable-next-line no-control-regex
const escapePattern = /^\x1b(?:\[[0-9;]*[A-Za-z~]|O[A-Za-z])?/;

/** Splits the terminal's input into keys; a pasted `\r\n` counts as one Enter. */
export function tokenize(data: string): InputToken[] {
  const tokens: InputToken[] = [];
  let text = '';
  const flush = (): void => {
    if (text) tokens.push({ kind: 'text', text });
    text = '';
  };
  for (let i = 0; i < data.length;) {
    const char = data[i] as string;
    if (char === '\x1b') {
      flush();
      const sequence = escapePattern.exec(data.slice(i))?.[0] ?? char;
      tokens.push({ kind: escapeSequences[sequence] ?? 'ignored' });
      i += sequence.length;
      continue;
    }
    if (char === '\r' && data[i + 1] === '\n') {
      flush();
      tokens.push({ kind: 'enter' });
      i += 2;
      continue;
    }
    const control = controlKeys[char];
    if (control) {
      flush();
      tokens.push({ kind: control });
    } else if (char === '\t') {
      text += ' ';
    } else if (char >= ' ') {
      text += char;
    } else {
      flush();
      tokens.push({ kind: 'ignored' });
    }
    i += 1;
  }
  flush();

  return tokens;
}

/** How many earlier lines the history keeps. */
const historyLimit = 500;

export class LineEditor {
  line = '';
  cursor = 0;
  private readonly history: string[] = [];
  /** Where up/down stand: `history.length` means the line being typed. */
  private historyIndex = 0;
  /** The line being typed, kept while the learner walks through history. */
  private draft = '';

  constructor(history: readonly string[] = []) {
    this.history.push(...history.slice(-historyLimit));
    this.historyIndex = this.history.length;
  }

  insert(text: string): void {
    this.line = this.line.slice(0, this.cursor) + text + this.line.slice(this.cursor);
    this.cursor += text.length;
  }

  backspace(): void {
    if (this.cursor === 0) return;
    this.line = this.line.slice(0, this.cursor - 1) + this.line.slice(this.cursor);
    this.cursor -= 1;
  }

  deleteForward(): void {
    this.line = this.line.slice(0, this.cursor) + this.line.slice(this.cursor + 1);
  }

  left(): void {
    this.cursor = Math.max(0, this.cursor - 1);
  }

  right(): void {
    this.cursor = Math.min(this.line.length, this.cursor + 1);
  }

  home(): void {
    this.cursor = 0;
  }

  end(): void {
    this.cursor = this.line.length;
  }

  killBefore(): void {
    this.line = this.line.slice(this.cursor);
    this.cursor = 0;
  }

  killAfter(): void {
    this.line = this.line.slice(0, this.cursor);
  }

  killWord(): void {
    const before = this.line.slice(0, this.cursor).replace(/\S*\s*$/, '');
    this.line = before + this.line.slice(this.cursor);
    this.cursor = before.length;
  }

  /** Steps back through history; the line being typed is kept to come back to. */
  up(): void {
    if (this.historyIndex === 0) return;
    if (this.historyIndex === this.history.length) this.draft = this.line;
    this.historyIndex -= 1;
    this.show(this.history[this.historyIndex] ?? '');
  }

  down(): void {
    if (this.historyIndex >= this.history.length) return;
    this.historyIndex += 1;
    this.show(
      this.historyIndex === this.history.length
        ? this.draft
        : (this.history[this.historyIndex] ?? ''),
    );
  }

  /** Hands over the line (Enter), records it in history and starts an empty one. */
  submit(): string {
    const line = this.line;
    if (line.trim() !== '' && this.history[this.history.length - 1] !== line) {
      this.history.push(line);
      if (this.history.length > historyLimit) this.history.shift();
    }
    this.cancel();

    return line;
  }

  /** Drops the line being typed (Ctrl+C at the prompt). */
  cancel(): void {
    this.line = '';
    this.cursor = 0;
    this.draft = '';
    this.historyIndex = this.history.length;
  }

  entries(): readonly string[] {
    return this.history;
  }

  private show(line: string): void {
    this.line = line;
    this.cursor = line.length;
  }
}
