import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './sha256.ts';

describe('sha256Hex', () => {
  const inputs = [
    '',
    'abc',
    'a'.repeat(55),
    'a'.repeat(56),
    'a'.repeat(64),
    'héllo ☃',
    'x'.repeat(10_000),
  ];
  for (const input of inputs) {
    it(`matches Node's crypto for ${JSON.stringify(input.slice(0, 12))} (${input.length} chars)`, () => {
      expect(sha256Hex(input)).toBe(createHash('sha256').update(input, 'utf8').digest('hex'));
    });
  }
});
