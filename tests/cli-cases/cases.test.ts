/**
 * Terminal transcripts as data. Every folder under `tests/cli-cases/` that holds a `commands` file
 * is one case:
 *
 *   commands   one command line per line, run in order in one `dockyard shell` session
 *   expected   the transcript: each line as `$ <command>`, then everything it printed, then
 *              `[exit N]` when its status was not 0
 *   context/   optional: the files of `~/project` (the build context)
 *
 * The clock and the randomness are pinned, so a transcript is the same on every run. With
 * `UPDATE_CLI_CASES=1` the `expected` files are written from what the simulation prints instead of
 * compared: a way to start a new case, whose transcript must then be checked line by line against
 * Docker before it is committed. A folder with anything else in it fails, as does a case folder
 * without its `expected` file.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = dirname(fileURLToPath(import.meta.url));
const REPO = join(ROOT, '..', '..');
const UPDATE = process.env.UPDATE_CLI_CASES === '1';
const CASE_FILES = new Set(['commands', 'expected', 'context']);
/** Printed after each command line with its status; never part of a transcript. */
const MARK = '\u001eDOCKYARD-CASE-STATUS';

interface Case {
  name: string;
  dir: string;
}

/** Case folders, and folders whose contents are not a case's (reported as failures). */
function discover(): { cases: Case[]; stray: string[] } {
  const cases: Case[] = [];
  const stray: string[] = [];
  const visit = (dir: string) => {
    const names = readdirSync(dir).sort();
    const files = names.filter((name) => !statSync(join(dir, name)).isDirectory());
    if (names.includes('commands')) {
      cases.push({ name: relative(ROOT, dir).split('\\').join('/'), dir });
      for (const name of names) {
        if (!CASE_FILES.has(name)) stray.push(relative(ROOT, join(dir, name)));
      }
      return;
    }
    for (const name of files) {
      if (dir !== ROOT || !name.endsWith('.ts')) {
        stray.push(relative(ROOT, join(dir, name)));
      }
    }
    for (const name of names) {
      if (statSync(join(dir, name)).isDirectory()) visit(join(dir, name));
    }
  };
  visit(ROOT);
  return { cases, stray };
}

let bundleDir: string;

beforeAll(async () => {
  // The `dockyard` command built from the current sources, as `npm run build:cli` builds it.
  bundleDir = mkdtempSync(join(tmpdir(), 'dockyard-cases-bin-'));
  await build({
    entryPoints: { dockyard: join(REPO, 'bin/dockyard.ts') },
    outdir: bundleDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
  });
});

afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

/** Runs the case's command lines in one session and returns the transcript. */
function transcript(testCase: Case): string {
  const lines = readFileSync(join(testCase.dir, 'commands'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
  const work = mkdtempSync(join(tmpdir(), 'dockyard-case-'));
  try {
    const context = join(testCase.dir, 'context');
    if (existsSync(context)) cpSync(context, work, { recursive: true });
    // After each line: print its status behind a marker, then give it back to the next line.
    const input = lines
      .map(
        (line) =>
          `${line}\n__case_status=$?; printf '${MARK} %s\\n' "$__case_status"; (exit $__case_status)\n`,
      )
      .join('');
    const result = spawnSync(
      'node',
      [join(bundleDir, 'dockyard.mjs'), 'shell', '--context', work],
      {
        input,
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          DOCKYARD_TIME: '2026-12-04T10:00:00Z',
          DOCKYARD_SEED: '7',
          CASE_HOST_VALUE: 'from-the-host',
        },
        timeout: 60_000,
      },
    );
    if (result.error) throw result.error;
    const output = result.stdout + result.stderr;
    const pieces = output.split(new RegExp(`${MARK} (\\d+)\\n`));
    const parts: string[] = [];
    lines.forEach((line, index) => {
      parts.push(`$ ${line}\n`);
      parts.push(pieces[index * 2] ?? '');
      const status = pieces[index * 2 + 1];
      if (status === undefined) parts.push('[no status: the session ended here]\n');
      else if (status !== '0') parts.push(`[exit ${status}]\n`);
    });
    const rest = pieces.slice(lines.length * 2).join('');
    if (rest !== '') parts.push(rest);
    return parts.join('');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const { cases, stray } = discover();

describe('cli cases', () => {
  it('has only case folders, each with commands and expected', () => {
    expect(stray).toEqual([]);
    expect(cases.length).toBeGreaterThan(0);
    if (!UPDATE) {
      const missing = cases.filter((c) => !existsSync(join(c.dir, 'expected'))).map((c) => c.name);
      expect(missing).toEqual([]);
    }
  });

  for (const testCase of cases) {
    it(testCase.name, () => {
      const actual = transcript(testCase);
      const expectedPath = join(testCase.dir, 'expected');
      if (UPDATE) {
        writeFileSync(expectedPath, actual);
        return;
      }
      expect(actual).toBe(readFileSync(expectedPath, 'utf8'));
    });
  }
});
