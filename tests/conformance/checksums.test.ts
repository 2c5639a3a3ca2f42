/** The copied conformance data is byte for byte what its SHA256SUMS lists. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const folders = ['buildkit-parser', 'buildkit-shell', 'real-world'];

describe('conformance data', () => {
  for (const folder of folders) {
    const root = fileURLToPath(new URL(`./${folder}/`, import.meta.url));
    const sums = readFileSync(`${root}SHA256SUMS`, 'utf8').trim().split('\n');
    it(`${folder}: all ${sums.length} files match SHA256SUMS`, () => {
      const mismatched = sums.filter((row) => {
        const [hash, path] = row.split(/\s+/, 2) as [string, string];
        return createHash('sha256').update(readFileSync(root + path)).digest('hex') !== hash;
      });
      expect(mismatched).toEqual([]);
    });
  }
});
