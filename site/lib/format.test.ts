import { describe, expect, it } from 'vitest';
import { shortId, shortVolumeName } from './format.ts';

describe('ids and names', () => {
  it('shortens an image id to 12 hex characters', () => {
    expect(shortId(`sha256:${'ab'.repeat(32)}`)).toBe('abababababab');
  });

  it('shortens generated volume names and keeps chosen ones', () => {
    expect(shortVolumeName('f'.repeat(64))).toBe('ffffffffffff…');
    expect(shortVolumeName('db-data')).toBe('db-data');
  });
});
