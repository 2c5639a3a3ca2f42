/**
 * The workbench store: the one sandbox of the page and the lesson it belongs to, shared by every
 * island. Islands never keep the sandbox; they ask `workbench.sandbox()` when they need it,
 * because Reset, Solve and Undo swap it for another.
 */
import type { Sandbox, SandboxState } from '../../sandbox/api.ts';
import type { Goal, QuizQuestion } from '../../sandbox/course/index.ts';
import { uiFor, type UiMessages } from '../i18n/index.ts';
import { createSandbox, restoreSandbox } from '../lib/engine.ts';
import { clearSaved, loadSaved, watchAndSave, type SaveStatus } from './persistence.ts';
import { markProgress } from './progress.ts';

/** The lesson as the page hands it to the scripts (`#dockyard-lesson`, JSON). */
export interface LessonData {
  /** The collection entry id, e.g. `en/01-first-image`. */
  id: string;
  /** The lesson's folder, e.g. `01-first-image`: it keys the saved work in every language. */
  key: string;
  lang: string;
  order: number;
  title: string;
  /** The build context the lesson starts with, in tab order. */
  files: Record<string, string>;
  /** The file the editor opens first. */
  open: string;
  solution: { files: Record<string, string>; commands: string[] };
  goals: Goal[];
  quiz: QuizQuestion[];
}

/** Why listeners are called: the sandbox changed, or Reset, Solve or Undo replaced it. */
export type StateCause = 'change' | 'replace';

/** What last replaced the sandbox. */
export type Replacement = 'reset' | 'solve' | 'undo';

/** What Undo can take back. */
export type Undoable = 'reset' | 'solve';

export type StateListener = (state: SandboxState, cause: StateCause) => void;

/** Runs command lines in the terminal, visibly, one after the other. */
export type CommandRunner = (lines: readonly string[]) => Promise<void>;

export interface Workbench {
  readonly lesson: LessonData;
  readonly ui: UiMessages;
  sandbox(): Sandbox;
  state(): SandboxState;
  /** Calls `listener` on every change of state, and when the sandbox is replaced. */
  subscribe(listener: StateListener): () => void;
  /** What replaced the sandbox last, for the terminal's note. */
  lastReplacement(): Replacement | undefined;
  /** Back to the lesson's starting files and an empty engine; undoable once. */
  reset(): void;
  /** Starts over, writes the solution's files and runs its commands in the terminal; undoable once. */
  solve(): Promise<void>;
  /** Brings back the sandbox as it was before the last Reset or Solve. */
  undo(): void;
  /** What Undo would undo, if anything; listeners hear when that changes. */
  undoable(): Undoable | undefined;
  onUndoable(listener: (what: Undoable | undefined) => void): () => void;
  /** Where saving stands, for the header's status line. */
  onSaveStatus(listener: (status: SaveStatus) => void): () => void;
  /** A note for the learner when saved work could not be restored, once. */
  readonly restoreProblem: string | undefined;
  /** Puts a command line at the terminal's prompt for the learner to run with Enter. */
  typeCommand(line: string): void;
  /**
   * The terminal's side of `typeCommand`; a line asked for before the terminal loaded is handed
   * over at once.
   */
  onTypeCommand(listener: (line: string) => void): () => void;
  /** The terminal's side of Solve: it runs the lines it is given where the learner sees them. */
  setCommandRunner(runner: CommandRunner | undefined): void;
}

function readLesson(): LessonData {
  const element = document.getElementById('dockyard-lesson');
  if (!element?.textContent) throw new Error('The page has no #dockyard-lesson data.');

  return JSON.parse(element.textContent) as LessonData;
}

/** Simulated work (a pull's progress, a sleeping program) takes real time in the page. */
function freshSandbox(files: Record<string, string>): Sandbox {
  // The sandbox's default environment is the browser's own: real time, real timers.
  return createSandbox({ files: { ...files } });
}

function tryRestore(saved: unknown): Sandbox | undefined {
  try {
    return restoreSandbox(saved);
  } catch {
    // Saved by an older or broken engine: treated like data that is not a saved sandbox.
    return undefined;
  }
}

function startSandbox(lesson: LessonData, ui: UiMessages): { sandbox: Sandbox; problem?: string } {
  const saved = loadSaved(lesson.key);
  if (saved === undefined) return { sandbox: freshSandbox(lesson.files) };

  const restored = tryRestore(saved);
  if (restored) return { sandbox: restored };
  clearSaved(lesson.key);

  return { sandbox: freshSandbox(lesson.files), problem: ui.restoreFailed };
}

function createWorkbench(): Workbench {
  const lesson = readLesson();
  const ui = uiFor(lesson.lang);
  const started = startSandbox(lesson, ui);
  let current = started.sandbox;
  let state = current.state();
  let replacement: Replacement | undefined;
  let undoSnapshot: { what: Undoable; saved: unknown } | undefined;
  let runner: CommandRunner | undefined;
  let waitingRunner: ((runner: CommandRunner) => void) | undefined;
  const listeners = new Set<StateListener>();
  const undoListeners = new Set<(what: Undoable | undefined) => void>();
  markProgress(lesson.key, {});

  const emit = (cause: StateCause): void => {
    for (const listener of [...listeners]) {
      try {
        listener(state, cause);
      } catch (error) {
        // One broken island must not stop the others from hearing the change.
        reportError(error);
      }
    }
  };
  const follow = (sandbox: Sandbox): (() => void) =>
    sandbox.subscribe((next) => {
      state = next;
      emit('change');
    });
  let unfollow = follow(current);
  const saver = watchAndSave(lesson.key, () => current.save());
  const typists = new Set<(line: string) => void>();
  let waitingCommand: string | undefined;

  const setUndo = (snapshot: typeof undoSnapshot): void => {
    undoSnapshot = snapshot;
    for (const listener of undoListeners) listener(snapshot?.what);
  };
  const replace = (next: Sandbox, why: Replacement): void => {
    unfollow();
    current.dispose();
    current = next;
    state = current.state();
    replacement = why;
    unfollow = follow(current);
    emit('replace');
    saver.saveSoon();
  };
  const terminalRunner = (): Promise<CommandRunner> =>
    runner
      ? Promise.resolve(runner)
      : new Promise((resolve) => {
          waitingRunner = resolve;
        });

  const workbench: Workbench = {
    lesson,
    ui,
    restoreProblem: started.problem,
    sandbox: () => current,
    state: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    lastReplacement: () => replacement,
    reset() {
      setUndo({ what: 'reset', saved: current.save() });
      clearSaved(lesson.key);
      replace(freshSandbox(lesson.files), 'reset');
    },
    async solve() {
      setUndo({ what: 'solve', saved: current.save() });
      const next = freshSandbox(lesson.files);
      for (const [path, content] of Object.entries(lesson.solution.files)) {
        next.writeFile(path, content);
      }
      replace(next, 'solve');
      const run = await terminalRunner();
      await run(lesson.solution.commands);
    },
    undo() {
      if (!undoSnapshot) return;
      const restored = tryRestore(undoSnapshot.saved);
      setUndo(undefined);
      if (restored) replace(restored, 'undo');
    },
    undoable: () => undoSnapshot?.what,
    onUndoable(listener) {
      undoListeners.add(listener);
      return () => {
        undoListeners.delete(listener);
      };
    },
    onSaveStatus: (listener) => saver.onStatus(listener),
    typeCommand(line) {
      if (typists.size === 0) {
        waitingCommand = line;
        return;
      }
      for (const typist of typists) typist(line);
    },
    onTypeCommand(listener) {
      typists.add(listener);
      if (waitingCommand !== undefined) {
        listener(waitingCommand);
        waitingCommand = undefined;
      }
      return () => {
        typists.delete(listener);
      };
    },
    setCommandRunner(next) {
      runner = next;
      if (next && waitingRunner) {
        waitingRunner(next);
        waitingRunner = undefined;
      }
    },
  };
  workbench.subscribe(() => saver.saveSoon());
  window.addEventListener('pagehide', () => saver.saveNow());

  return workbench;
}

let workbench: Workbench | undefined;

/** The page's workbench, made on first use: the sandbox is created once per page. */
export function getWorkbench(): Workbench {
  workbench ??= createWorkbench();

  return workbench;
}
