/**
 * The support table covers everything the Dockerfile reader and `docker build` accept: every
 * instruction, every flag an instruction defines, every RUN mount type and every build option.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { instructionNames, parseDockerfile, parseInstructions } from '../dockerfile/index.ts';
import { COMMANDS } from '../cli/commands.ts';
import { SUPPORT } from './support.ts';

const keys = new Set(SUPPORT.map((row) => row.key));

/** `parseCopy` → `copy`, with the flags its `.define('name', ...)` calls declare. */
function definedFlags(): Array<[string, string]> {
  const source = readFileSync('sandbox/dockerfile/instructions.ts', 'utf8');
  const found: Array<[string, string]> = [];
  for (const fn of source.split(/\nfunction parse/).slice(1)) {
    const name = /^(\w+)\(/.exec(fn)?.[1]?.toLowerCase();
    if (!name || !(instructionNames as readonly string[]).includes(name)) continue;
    const body = fn.split(/\n}\n/)[0]!;
    for (const match of body.matchAll(/\.define\('([a-z-]+)'/g)) found.push([name, match[1]!]);
  }
  return found;
}

describe('support table', () => {
  it('has a row for every instruction', () => {
    for (const name of instructionNames) expect(keys, name).toContain(name.toUpperCase());
  });

  it('has a row for every instruction flag the reader defines', () => {
    const flags = definedFlags();
    expect(flags.length).toBeGreaterThan(15);
    for (const [instruction, flag] of flags) {
      if (instruction === 'run' && flag === 'mount') continue;
      expect(keys, `${instruction} --${flag}`).toContain(
        `${instruction.toUpperCase()} --${flag}`,
      );
    }
  });

  it('has a row for every RUN --mount type the reader accepts', () => {
    for (const type of ['bind', 'cache', 'tmpfs', 'secret', 'ssh']) {
      const parsed = parseInstructions(
        parseDockerfile(`FROM alpine\nRUN --mount=type=${type},target=/x true\n`),
      );
      expect(parsed.error, type).toBeUndefined();
      expect(keys).toContain(`RUN --mount=type=${type}`);
    }
  });

  it('has a row for every docker build option', () => {
    for (const flag of COMMANDS.build!.flags) {
      const name = flag.short ? `docker build -${flag.short}` : `docker build --${flag.long}`;
      expect(
        keys.has(name) || keys.has(`docker build --${flag.long}`),
        `docker build --${flag.long}`,
      ).toBe(true);
    }
  });

  it('files each row under instructions, instruction flags or build options by its key', () => {
    const kindOf = (key: string) => SUPPORT.find((row) => row.key === key)?.kind;
    expect(kindOf('COPY')).toBe('instruction');
    expect(kindOf('COPY --chown')).toBe('flag');
    expect(kindOf('RUN --mount=type=cache')).toBe('flag');
    expect(kindOf('docker build URL | -')).toBe('option');
    expect(kindOf('.dockerignore')).toBe('option');
    expect(kindOf('# syntax=')).toBe('option');
    expect(SUPPORT.find((row) => row.key === 'ADD --checksum')).toMatchObject({
      level: 'partial',
      note: 'Read; nothing is downloaded, so nothing is verified.',
    });
  });

  it('gives every row a one-line note', () => {
    for (const row of SUPPORT) {
      expect(row.note.length, row.key).toBeGreaterThan(5);
      expect(row.note).not.toContain('\n');
    }
  });
});
