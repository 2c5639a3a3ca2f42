import { describe, expect, it } from 'vitest';
import { formatSize, shortId, shortVolumeName } from './format.ts';

describe('formatSize', () => {
  it.each([
    [0, '0B'],
    [999, '999B'],
    [1000, '1kB'],
    [4500, '4.5kB'],
    [8_400_000, '8.4MB'],
    [123_456_789, '123MB'],
    [1_123_456_789, '1.12GB'],
    [999_600, '1e+03kB'],
  ])('writes %d bytes as %s', (bytes, expected) => {
    expect(formatSize(bytes)).toBe(expected);
  });
});

describe('ids and names', () => {
  it('shortens an image id to 12 hex characters', () => {
    expect(shortId(`sha256:${'ab'.repeat(32)}`)).toBe('abababababab');
  });

  it('shortens generated volume names and keeps chosen ones', () => {
    expect(shortVolumeName('f'.repeat(64))).toBe('ffffffffffff…');
    expect(shortVolumeName('db-data')).toBe('db-data');
  });
});
