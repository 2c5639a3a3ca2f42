/**
 * The workbench store: the one sandbox of the page and the lesson it belongs to, shared by every
 * island. Islands never keep the sandbox; they ask `workbench.sandbox()` when they need it,
 * because Reset swaps it for a fresh one.
 */
import type { Sandbox, SandboxState } from '../../sandbox/api.ts';
import { createSandbox, restoreSandbox } from '../lib/engine.ts';
import { clearSaved, loadSaved, watchAndSave, type SaveStatus } from './persistence.ts';

/** The lesson as the page hands it to the scripts (`#dockyard-lesson`, JSON). */
export interface LessonData {
  /** The collection entry id, e.g. `en/01-first-image`; it also keys the saved work. */
  id: string;
  lang: string;
  order: number;
  title: string;
  /** The build context the lesson starts with, in tab order. */
  files: Record<string, string>;
  /** The file the editor opens first. */
  open: string;
  commands: string[];
}

/** Why listeners are called: the sandbox changed, or Reset replaced it with a new one. */
export type StateCause = 'change' | 'replace';

export type StateListener = (state: SandboxState, cause: StateCause) => void;

export interface Workbench {
  readonly lesson: LessonData;
  sandbox(): Sandbox;
  state(): SandboxState;
  /** Calls `listener` on every change of state, and when the sandbox is replaced. */
  subscribe(listener: StateListener): () => void;
  /** Throws away the learner's files and the engine's state; the lesson starts over. */
  reset(): void;
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
}

function readLesson(): LessonData {
  const element = document.getElementById('dockyard-lesson');
  if (!element?.textContent) throw new Error('The page has no #dockyard-lesson data.');

  return JSON.parse(element.textContent) as LessonData;
}

/** Simulated work (a pull's progress, a sleeping program) takes real time in the page. */
function freshSandbox(lesson: LessonData): Sandbox {
  // The sandbox's default environment is the browser's own: real time, real timers.
  return createSandbox({ files: { ...lesson.files } });
}

const restoreFailed = 'Your saved work could not be restored, so the lesson starts over.';

function startSandbox(lesson: LessonData): { sandbox: Sandbox; problem?: string } {
  const saved = loadSaved(lesson.id);
  if (saved === undefined) return { sandbox: freshSandbox(lesson) };

  let restored: Sandbox | undefined;
  try {
    restored = restoreSandbox(saved);
  } catch {
    // Saved by an older or broken engine: treated like data that is not a saved sandbox.
    restored = undefined;
  }
  if (restored) return { sandbox: restored };
  clearSaved(lesson.id);

  return { sandbox: freshSandbox(lesson), problem: restoreFailed };
}

function createWorkbench(): Workbench {
  const lesson = readLesson();
  const started = startSandbox(lesson);
  let current = started.sandbox;
  let state = current.state();
  const listeners = new Set<StateListener>();

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
  const saver = watchAndSave(lesson.id, () => current.save());
  const typists = new Set<(line: string) => void>();
  let waitingCommand: string | undefined;

  const workbench: Workbench = {
    lesson,
    restoreProblem: started.problem,
    sandbox: () => current,
    state: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    reset() {
      unfollow();
      current.dispose();
      clearSaved(lesson.id);
      current = freshSandbox(lesson);
      state = current.state();
      unfollow = follow(current);
      emit('replace');
      saver.saveSoon();
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
