/**
 * ADD's archive reader against archives made by other tools: ustar blocks written by hand from
 * the POSIX layout, and gzip streams from Node's zlib at several levels (stored, fixed and
 * dynamic Huffman blocks), read back through the character-per-byte text the sandbox keeps.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gunzip, readArchive, textBytes } from './archive.ts';

function octalField(value: number, length: number): string {
  return `${value.toString(8).padStart(length - 1, '0')}\0`;
}

/** One ustar member: a 512-byte header and the content padded to 512. */
function member(name: string, content: string, type = '0', mode = 0o644): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 'latin1');
  header.write(octalField(mode, 8), 100, 'latin1');
  header.write(octalField(1000, 8), 108, 'latin1');
  header.write(octalField(1000, 8), 116, 'latin1');
  header.write(octalField(Buffer.byteLength(content), 12), 124, 'latin1');
  header.write(octalField(1_700_000_000, 12), 136, 'latin1');
  header.write('        ', 148, 'latin1');
  header.write(type, 156, 'latin1');
  header.write('ustar\u000000', 257, 'latin1');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  const body = Buffer.alloc(Math.ceil(Buffer.byteLength(content) / 512) * 512);
  body.write(content, 0, 'utf8');
  return Buffer.concat([header, body]);
}

function tar(...members: Buffer[]): Buffer {
  return Buffer.concat([...members, Buffer.alloc(1024)]);
}

const asText = (bytes: Buffer) => bytes.toString('latin1');

describe('readArchive', () => {
  const archive = tar(
    member('site/', '', '5', 0o755),
    member('site/index.html', '<h1>hi</h1>\n'),
    member('site/run.sh', 'echo run\n', '0', 0o755),
  );

  it('lists the members of a plain tar with their kinds, modes and owners', () => {
    const entries = readArchive(asText(archive))!;
    expect(entries.map((e) => [e.path, e.kind, e.mode.toString(8), e.uid])).toEqual([
      ['site', 'dir', '755', 1000],
      ['site/index.html', 'file', '644', 1000],
      ['site/run.sh', 'file', '755', 1000],
    ]);
    expect(entries[1]!.content).toBe('<h1>hi</h1>\n');
  });

  it('unpacks gzip at every level zlib offers', () => {
    for (const level of [0, 1, 6, 9]) {
      const entries = readArchive(asText(gzipSync(archive, { level })));
      expect(entries?.map((entry) => entry.path), `level ${level}`).toEqual([
        'site',
        'site/index.html',
        'site/run.sh',
      ]);
    }
  });

  it('inflates long repetitive text exactly', () => {
    const text = 'abcdefghij'.repeat(5000) + 'tail\n';
    const inflated = gunzip(textBytes(asText(gzipSync(Buffer.from(text)))));
    expect(Buffer.from(inflated!).toString('utf8')).toBe(text);
  });

  it('keeps UTF-8 file contents as text', () => {
    const entries = readArchive(asText(tar(member('note.txt', 'héllo ✓\n'))))!;
    expect(entries[0]!.content).toBe('héllo ✓\n');
  });

  it('is not an archive: plain text, truncated gzip, damaged deflate', () => {
    expect(readArchive('just a text file\n')).toBeUndefined();
    const zipped = gzipSync(archive);
    expect(readArchive(asText(zipped.subarray(0, 30)))).toBeUndefined();
    const damaged = Buffer.from(zipped);
    damaged.fill(0xff, 10, 40);
    expect(readArchive(asText(damaged))).toBeUndefined();
  });
});
