import { describe, expect, it } from 'vitest';
import {
  familiarName,
  familiarReference,
  fullName,
  parseReference,
  type Reference,
} from './reference.ts';

describe('parseReference', () => {
  const cases: Array<[string, string]> = [
    ['node', 'docker.io/library/node:latest'],
    ['node:20-alpine', 'docker.io/library/node:20-alpine'],
    ['aaa:ccc', 'docker.io/library/aaa:ccc'],
    ['me/app:1.0', 'docker.io/me/app:1.0'],
    ['ghcr.io/owner/tool:v2', 'ghcr.io/owner/tool:v2'],
    ['localhost:5000/app', 'localhost:5000/app:latest'],
  ];
  for (const [input, expected] of cases) {
    it(`normalizes ${input} to ${expected}`, () => {
      expect(fullName(parseReference(input) as Reference)).toBe(expected);
    });
  }

  it('names official images without the library/ prefix', () => {
    expect(familiarName(parseReference('docker.io/library/node') as Reference)).toBe('node:latest');
  });

  it('keeps a digest in the short form of a pinned reference', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const short = (text: string) => familiarReference(parseReference(text) as Reference);
    expect(short(`docker.io/library/alpine@${digest}`)).toBe(`alpine@${digest}`);
    expect(short(`alpine:3.20@${digest}`)).toBe(`alpine:3.20@${digest}`);
    expect(short('me/app')).toBe('me/app:latest');
  });

  it('rejects upper-case repository names in the client words', () => {
    expect(parseReference('Aaa')).toEqual({
      error: 'invalid reference format: repository name (library/Aaa) must be lowercase',
    });
  });

  it('rejects malformed tags', () => {
    expect(parseReference('node:')).toEqual({ error: 'invalid reference format' });
    expect(parseReference('node:a b')).toEqual({ error: 'invalid reference format' });
  });
});
