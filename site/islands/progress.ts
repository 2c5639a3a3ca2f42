/**
 * The learner's course progress in localStorage: per lesson (keyed by its folder name, the same
 * in every language) whether it was opened, its goals met and its quiz passed. Also the whole
 * course's saved data as one file, for export and import, and starting over.
 */

export type LessonStatus = 'not-started' | 'in-progress' | 'goals-met' | 'quiz-passed';

export interface LessonProgress {
  started?: boolean;
  goals?: boolean;
  quiz?: boolean;
}

/** Every key the course writes starts with this. */
export const storagePrefix = 'dockyard:v1:';
const progressKey = `${storagePrefix}progress`;
/** A lesson's saved sandbox: `dockyard:v1:lesson:<NN-slug>` (`persistence.ts`). */
const lessonPrefix = `${storagePrefix}lesson:`;
const fileFormat = 'dockyard-progress';

function readJson(key: string): unknown {
  try {
    const text = localStorage.getItem(key);
    return text === null ? undefined : (JSON.parse(text) as unknown);
  } catch {
    // No storage, or a damaged entry: treated as nothing saved.
    return undefined;
  }
}

export function readProgress(): Record<string, LessonProgress> {
  const value = readJson(progressKey);
  return typeof value === 'object' && value !== null
    ? (value as Record<string, LessonProgress>)
    : {};
}

export function markProgress(lessonKey: string, patch: LessonProgress): void {
  const all = readProgress();
  const before = all[lessonKey] ?? {};
  const after = { ...before, ...patch, started: true };
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  all[lessonKey] = after;
  try {
    localStorage.setItem(progressKey, JSON.stringify(all));
  } catch {
    // Storage is off or full: the save status line already says so for the lesson's work.
  }
}

export function statusOf(progress: LessonProgress | undefined): LessonStatus {
  if (progress?.quiz) return 'quiz-passed';
  if (progress?.goals) return 'goals-met';
  if (progress?.started) return 'in-progress';
  return 'not-started';
}

function courseKeys(): string[] {
  const keys: string[] = [];
  try {
    for (let index = 0; index < localStorage.length; index += 1) {
      const key = localStorage.key(index);
      if (key?.startsWith(storagePrefix)) keys.push(key);
    }
  } catch {
    // No storage: there is nothing of ours in it.
  }
  return keys;
}

export interface ProgressFile {
  format: typeof fileFormat;
  version: 1;
  exported: string;
  entries: Record<string, string>;
}

/** Everything the course saved in this browser, as one JSON-safe value. */
export function exportProgress(now: Date): ProgressFile {
  const entries: Record<string, string> = {};
  for (const key of courseKeys()) {
    const value = localStorage.getItem(key);
    if (value !== null) entries[key] = value;
  }
  return { format: fileFormat, version: 1, exported: now.toISOString(), entries };
}

/** The file's entries when it is a progress file, else undefined. */
export function readProgressFile(value: unknown): ProgressFile | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const file = value as Partial<ProgressFile>;
  if (file.format !== fileFormat || file.version !== 1) return undefined;
  if (typeof file.entries !== 'object' || file.entries === null) return undefined;
  const entries: Record<string, string> = {};
  for (const [key, text] of Object.entries(file.entries)) {
    if (key.startsWith(storagePrefix) && typeof text === 'string') entries[key] = text;
  }
  return { format: fileFormat, version: 1, exported: String(file.exported ?? ''), entries };
}

/** How many lessons a progress file has work or progress for. */
export function lessonsIn(file: ProgressFile): number {
  const lessons = new Set<string>();
  for (const key of Object.keys(file.entries)) {
    if (key.startsWith(lessonPrefix)) lessons.add(key.slice(lessonPrefix.length));
  }
  try {
    const progress = file.entries[progressKey];
    const parsed: unknown = progress ? JSON.parse(progress) : {};
    if (typeof parsed === 'object' && parsed !== null) {
      for (const key of Object.keys(parsed)) lessons.add(key);
    }
  } catch {
    // A damaged progress entry counts no lesson; the lessons' own entries still do.
  }
  return lessons.size;
}

/**
 * Replaces what the course saved with the file's entries. When storage refuses any of them, what
 * was saved before is put back, and the reason comes back: `full` (the file does not fit) or
 * `blocked` (the browser lets the page store nothing).
 */
export function importProgress(file: ProgressFile): 'full' | 'blocked' | undefined {
  const before = exportProgress(new Date(0)).entries;
  try {
    clearProgress();
    for (const [key, value] of Object.entries(file.entries)) localStorage.setItem(key, value);
    return undefined;
  } catch (error) {
    clearProgress();
    for (const [key, value] of Object.entries(before)) {
      try {
        localStorage.setItem(key, value);
      } catch {
        // It fitted before the import began; nothing else is written meanwhile.
      }
    }
    return error instanceof DOMException && error.name === 'QuotaExceededError'
      ? 'full'
      : 'blocked';
  }
}

/** Deletes everything the course saved in this browser. */
export function clearProgress(): void {
  for (const key of courseKeys()) {
    try {
      localStorage.removeItem(key);
    } catch {
      // Storage is off: nothing was kept.
    }
  }
}
