import { beforeEach, describe, expect, it } from 'vitest';
import {
  clearProgress,
  exportProgress,
  importProgress,
  lessonsIn,
  markProgress,
  readProgress,
  readProgressFile,
  statusOf,
} from './progress.ts';

/**
 * A stand-in for the browser's localStorage, with another site's entry beside ours. Like a
 * browser's, it refuses a write that would take it over `quota` characters.
 */
function fakeStorage(quota = Infinity): Storage {
  const entries = new Map<string, string>();
  const used = () => [...entries].reduce((sum, [key, value]) => sum + key.length + value.length, 0);
  return {
    get length() {
      return entries.size;
    },
    key: (index) => [...entries.keys()][index] ?? null,
    getItem: (key) => entries.get(key) ?? null,
    setItem: (key, value) => {
      const growth = key.length + String(value).length - (entries.get(key)?.length ?? -key.length);
      if (used() + growth > quota) throw new DOMException('full', 'QuotaExceededError');
      entries.set(key, String(value));
    },
    removeItem: (key) => void entries.delete(key),
    clear: () => entries.clear(),
  };
}

beforeEach(() => {
  globalThis.localStorage = fakeStorage();
  localStorage.setItem('other-site', 'kept');
});

describe('progress', () => {
  it('moves a lesson from not started to quiz passed', () => {
    expect(statusOf(readProgress()['03-workdir'])).toBe('not-started');
    markProgress('03-workdir', {});
    expect(statusOf(readProgress()['03-workdir'])).toBe('in-progress');
    markProgress('03-workdir', { goals: true });
    expect(statusOf(readProgress()['03-workdir'])).toBe('goals-met');
    markProgress('03-workdir', { quiz: true });
    expect(statusOf(readProgress()['03-workdir'])).toBe('quiz-passed');
  });

  it('exports, clears and imports only its own entries', () => {
    markProgress('01-first-image', { goals: true });
    localStorage.setItem('dockyard:v1:lesson:01-first-image', '{"version":1}');
    const file = JSON.parse(JSON.stringify(exportProgress(new Date(0)))) as unknown;
    const read = readProgressFile(file);
    expect(read && Object.keys(read.entries).sort()).toEqual([
      'dockyard:v1:lesson:01-first-image',
      'dockyard:v1:progress',
    ]);
    expect(read && lessonsIn(read)).toBe(1);

    clearProgress();
    expect(readProgress()).toEqual({});
    expect(localStorage.getItem('other-site')).toBe('kept');

    if (read) importProgress(read);
    expect(statusOf(readProgress()['01-first-image'])).toBe('goals-met');
    expect(localStorage.getItem('dockyard:v1:lesson:01-first-image')).toBe('{"version":1}');
  });

  it('refuses files that are not progress files, and foreign keys inside one', () => {
    expect(readProgressFile(null)).toBeUndefined();
    expect(readProgressFile({ format: 'something-else', version: 1, entries: {} })).toBeUndefined();
    expect(
      readProgressFile({ format: 'dockyard-progress', version: 2, entries: {} }),
    ).toBeUndefined();
    const read = readProgressFile({
      format: 'dockyard-progress',
      version: 1,
      entries: { 'dockyard:v1:progress': '{}', 'other-site': 'x', 'dockyard:v1:n': 5 },
    });
    expect(read?.entries).toEqual({ 'dockyard:v1:progress': '{}' });
  });

  it('puts back what was saved when a file does not fit, and says so', () => {
    globalThis.localStorage = fakeStorage(2000);
    markProgress('01-first-image', { goals: true });
    localStorage.setItem('dockyard:v1:lesson:01-first-image', '{"version":1,"mine":true}');
    const before = exportProgress(new Date(0)).entries;
    const huge = readProgressFile({
      format: 'dockyard-progress',
      version: 1,
      entries: {
        'dockyard:v1:progress': '{"02-from":{"started":true}}',
        'dockyard:v1:lesson:02-from': 'x'.repeat(5000),
      },
    })!;
    expect(lessonsIn(huge)).toBe(1);
    expect(importProgress(huge)).toBe('full');
    expect(exportProgress(new Date(0)).entries).toEqual(before);
  });

  it('counts a lesson whose sandbox is in the file though its progress is not', () => {
    const file = readProgressFile({
      format: 'dockyard-progress',
      version: 1,
      entries: { 'dockyard:v1:lesson:05-run': '{}', 'dockyard:v1:lesson:06-expose': '{}' },
    })!;
    expect(lessonsIn(file)).toBe(2);
  });
});
