/**
 * The terminal island: xterm with a prompt, line editing and history. Every submitted line goes
 * to `sandbox.run` with a tty; Ctrl+C aborts what runs, or drops the line being typed. It opens
 * before the engine has loaded: keys typed meanwhile wait, as typeahead does, and run once the
 * engine is there.
 */
import '@xterm/xterm/css/xterm.css';
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import { stripAnsi } from '../lib/ansi.ts';
import { LineEditor, tokenize, type InputToken } from './line-editor.ts';
import type { Sandbox } from '../../sandbox/api.ts';
import type { CommandRunner, Page, StateListener, Workbench } from './store.ts';

const historyKey = 'dockyard:v1:terminal-history';
/** How long an aborted command may take to wind down before the prompt comes back anyway. */
const abortGrace = 1000;

const theme = {
  background: '#0f1419',
  foreground: '#d8dee6',
  cursor: '#f2f4f7',
  cursorAccent: '#0f1419',
  selectionBackground: '#3a4a5e',
  black: '#1b222c',
  red: '#f0787a',
  green: '#8fd18b',
  yellow: '#e9c46a',
  blue: '#7aa7f0',
  magenta: '#c79bf0',
  cyan: '#6fd0d6',
  white: '#d8dee6',
  brightBlack: '#6b7785',
  brightRed: '#ff9a9c',
  brightGreen: '#a8e3a4',
  brightYellow: '#f3d58a',
  brightBlue: '#9cc0ff',
  brightMagenta: '#dab8ff',
  brightCyan: '#8fe3e8',
  brightWhite: '#ffffff',
};

function loadHistory(): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(historyKey) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((line) => typeof line === 'string') : [];
  } catch {
    // No storage or a damaged entry: start with an empty history.
    return [];
  }
}

function saveHistory(lines: readonly string[]): void {
  try {
    localStorage.setItem(historyKey, JSON.stringify(lines.slice(-200)));
  } catch {
    // History is a convenience; losing it loses nothing the learner made.
  }
}

export function mountTerminal(root: HTMLElement, page: Page): () => void {
  const term = new Terminal({
    theme,
    fontFamily:
      'ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace',
    fontSize: 13,
    lineHeight: 1.25,
    cursorBlink: true,
    scrollback: 5000,
    convertEol: false,
    allowProposedApi: false,
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  root.replaceChildren();
  term.open(root);
  // Tab moves the focus on, as everywhere else on the page, so the keyboard alone can leave the
  // terminal; the shell offers no completion for it to do.
  term.attachCustomKeyEventHandler((event) => event.key !== 'Tab');
  fit.fit();

  const editor = new LineEditor(loadHistory());
  let prompt = '';
  let promptWidth = 0;
  /** Rows between the start of the prompt and the cursor, as last drawn. */
  let cursorRow = 0;
  /** Whether the last character written was a line end, so the prompt starts on its own line. */
  let atLineStart = true;
  let running: { controller: AbortController; id: number } | undefined;
  let runCount = 0;
  let completed = 0;
  /** Keys typed while a command runs, handled when it ends (typeahead). */
  let pendingInput = '';
  let disposed = false;
  /** The line that runs now or ran last, for Solve to wait on. */
  let lastRun: Promise<void> = Promise.resolve();
  /** Set once the engine has loaded; until then typed keys wait in `pendingInput`. */
  let workbench: Workbench | undefined;
  const sandbox = (): Sandbox => {
    if (!workbench) throw new Error('The engine has not loaded yet.');
    return workbench.sandbox();
  };

  const write = (text: string): void => {
    if (text === '') return;
    term.write(text);
    atLineStart = text.endsWith('\n');
  };

  const redrawLine = (): void => {
    const columns = Math.max(1, term.cols);
    const total = promptWidth + editor.line.length;
    let out = '';
    if (cursorRow > 0) out += `\x1b[${cursorRow}A`;
    out += `\r\x1b[J${prompt}${editor.line}`;
    // At the exact end of a row the cursor waits at the last column; step onto the next row.
    if (total > 0 && total % columns === 0) out += ' \r';
    const endRow = Math.floor(total / columns);
    const target = promptWidth + editor.cursor;
    const targetRow = Math.floor(target / columns);
    const targetColumn = target % columns;
    if (endRow > targetRow) out += `\x1b[${endRow - targetRow}A`;
    out += '\r';
    if (targetColumn > 0) out += `\x1b[${targetColumn}C`;
    cursorRow = targetRow;
    term.write(out);
    atLineStart = false;
  };

  const showPrompt = (): void => {
    if (!atLineStart) write('\r\n');
    prompt = sandbox().prompt();
    promptWidth = stripAnsi(prompt).length;
    cursorRow = 0;
    redrawLine();
  };

  const setBusy = (busy: boolean): void => {
    root.dataset.busy = busy ? 'true' : 'false';
  };

  /** Marks one submitted line as done: the prompt is back before tests or typeahead see it. */
  const finishLine = (): void => {
    completed += 1;
    root.dataset.completed = String(completed);
    setBusy(false);
    drain();
  };

  const runLine = async (line: string): Promise<void> => {
    if (line.trim() === 'clear') {
      term.clear();
      term.write('\x1b[H\x1b[2J');
      atLineStart = true;
      showPrompt();
      finishLine();
      return;
    }
    const controller = new AbortController();
    runCount += 1;
    const id = runCount;
    running = { controller, id };
    setBusy(true);
    const stopped = new Promise<void>((resolve) => {
      controller.signal.addEventListener('abort', () => setTimeout(resolve, abortGrace), {
        once: true,
      });
    });
    try {
      await Promise.race([
        sandbox().run(line, {
          tty: true,
          columns: term.cols,
          signal: controller.signal,
          onOutput: (text) => {
            if (!disposed && running?.id === id) write(text);
          },
        }),
        stopped,
      ]);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!controller.signal.aborted) write(`\r\n\x1b[31m${message}\x1b[0m\r\n`);
    }
    // Reset (or closing the island) took the terminal over while this ran: nothing more to show.
    const superseded = disposed || running?.id !== id;
    if (running?.id === id) running = undefined;
    if (!superseded) showPrompt();
    finishLine();
  };

  const handle = (token: InputToken): 'continue' | 'submitted' => {
    switch (token.kind) {
      case 'text':
        editor.insert(token.text);
        break;
      case 'enter': {
        const line = editor.submit();
        saveHistory(editor.entries());
        const columns = Math.max(1, term.cols);
        const endRow = Math.floor((promptWidth + line.length) / columns);
        if (endRow > cursorRow) term.write(`\x1b[${endRow - cursorRow}B`);
        write('\r\n');
        cursorRow = 0;
        // An empty line is still an answer when a command waits for one (`[y/N]`: no).
        if (line.trim() === '' && !sandbox().waitsForLine()) {
          showPrompt();
          return 'continue';
        }
        lastRun = runLine(line);
        return 'submitted';
      }
      case 'backspace':
        editor.backspace();
        break;
      case 'delete':
        editor.deleteForward();
        break;
      case 'left':
        editor.left();
        break;
      case 'right':
        editor.right();
        break;
      case 'up':
        editor.up();
        break;
      case 'down':
        editor.down();
        break;
      case 'home':
        editor.home();
        break;
      case 'end':
        editor.end();
        break;
      case 'kill-before':
        editor.killBefore();
        break;
      case 'kill-after':
        editor.killAfter();
        break;
      case 'kill-word':
        editor.killWord();
        break;
      case 'interrupt':
        editor.end();
        redrawLine();
        write('^C\r\n');
        editor.cancel();
        // Ctrl+C at a command's question stops that command.
        sandbox().interrupt();
        showPrompt();
        return 'continue';
      case 'clear-screen':
        term.clear();
        term.write('\x1b[H\x1b[2J');
        cursorRow = 0;
        break;
      case 'ignored':
        return 'continue';
    }
    redrawLine();

    return 'continue';
  };

  /**
   * Handles queued input (typed or pasted) while no command runs; what follows a submitted line
   * stays queued until that line has run (typeahead).
   */
  function drain(): void {
    while (pendingInput !== '' && !running && !disposed && workbench) {
      const tokens = tokenize(pendingInput);
      pendingInput = '';
      for (let i = 0; i < tokens.length; i += 1) {
        if (handle(tokens[i] as InputToken) === 'submitted') {
          pendingInput = untokenize(tokens.slice(i + 1)) + pendingInput;
          break;
        }
      }
    }
  }

  const onData = term.onData((data) => {
    if (!workbench && data.includes('\x03')) {
      // Ctrl+C while the engine loads drops what was typed so far.
      pendingInput = '';
      return;
    }
    if (running && data.includes('\x03')) {
      write('^C');
      pendingInput = '';
      // Ctrl+C in a terminal sends SIGINT to what runs in the foreground.
      running.controller.abort('SIGINT');
      return;
    }
    pendingInput += data;
    drain();
  });

  const resize = new ResizeObserver(() => {
    if (root.clientWidth === 0 || root.clientHeight === 0) return;
    fit.fit();
    cursorRow = Math.floor((promptWidth + editor.cursor) / Math.max(1, term.cols));
  });
  resize.observe(root);

  const onReplace: StateListener = (_state, cause) => {
    if (cause !== 'replace' || !workbench) return;
    running?.controller.abort('SIGKILL');
    running = undefined;
    pendingInput = '';
    editor.cancel();
    const ui = workbench.ui;
    const replacement = workbench.lastReplacement();
    const note =
      replacement === 'undo'
        ? ui.terminalRestored
        : replacement === 'solve'
          ? ui.terminalSolving
          : ui.terminalReset;
    write(`${atLineStart ? '' : '\r\n'}\x1b[2m${note}\x1b[0m\r\n`);
    showPrompt();
  };
  let unsubscribe = (): void => undefined;

  /** Solve: each line appears at the prompt and runs as if typed, one after the other. */
  const runScripted: CommandRunner = async (lines) => {
    await engineReady;
    for (const line of lines) {
      while (running) await lastRun;
      if (disposed) return;
      pendingInput = '';
      editor.cancel();
      editor.insert(line);
      redrawLine();
      handle({ kind: 'enter' });
      await lastRun;
    }
  };
  page.setCommandRunner(runScripted);

  const stopTyping = page.onTypeCommand((line) => {
    if (running || pendingInput !== '' || !workbench) {
      pendingInput += line;
    } else {
      editor.cancel();
      editor.insert(line);
      redrawLine();
    }
    term.focus();
  });

  const welcome = page.ui.terminalWelcome;
  write(
    `\x1b[2m${welcome.before}\x1b[0mdocker build -t aaa:ccc .\x1b[2m${welcome.middle}\x1b[0mhelp\x1b[2m${welcome.after}\x1b[0m\r\n`,
  );
  // The note stays on its own line until the engine is there, then gives way to the prompt.
  // The cursor is saved before it (ESC 7) and put back (ESC 8) to erase it, wrapped or not.
  write(`\x1b7\x1b[2m${page.ui.terminalEngineStarting}\x1b[0m`);
  setBusy(true);
  root.dataset.engine = 'loading';
  root.dataset.completed = '0';
  // Keys are taken from here on; a line typed now runs once the engine has loaded.
  root.dataset.ready = 'true';

  const engineReady = page.workbench.then(
    (loaded) => {
      if (disposed) return;
      workbench = loaded;
      unsubscribe = loaded.subscribe(onReplace);
      term.write('\x1b8\x1b[J');
      atLineStart = true;
      showPrompt();
      root.dataset.engine = 'ready';
      setBusy(false);
      drain();
    },
    (error: unknown) => {
      if (disposed) return;
      root.dataset.engine = 'failed';
      const message = error instanceof Error ? error.message : String(error);
      write(`\x1b8\x1b[J\x1b[31m${page.ui.terminalFailed(message)}\x1b[0m\r\n`);
    },
  );

  return () => {
    disposed = true;
    page.setCommandRunner(undefined);
    running?.controller.abort('SIGKILL');
    unsubscribe();
    stopTyping();
    resize.disconnect();
    onData.dispose();
    term.dispose();
  };
}

/** Turns keys back into the input that made them, to queue the rest of a paste. */
function untokenize(tokens: InputToken[]): string {
  const spelled: Partial<Record<InputToken['kind'], string>> = {
    enter: '\r',
    backspace: '\x7f',
    delete: '\x1b[3~',
    left: '\x1b[D',
    right: '\x1b[C',
    up: '\x1b[A',
    down: '\x1b[B',
    home: '\x1b[H',
    end: '\x1b[F',
    interrupt: '\x03',
    'clear-screen': '\x0c',
    'kill-before': '\x15',
    'kill-after': '\x0b',
    'kill-word': '\x17',
  };

  return tokens
    .map((token) => (token.kind === 'text' ? token.text : (spelled[token.kind] ?? '')))
    .join('');
}
