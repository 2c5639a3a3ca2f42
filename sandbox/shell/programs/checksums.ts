import { sha256Hex } from '../../image/sha256.ts';
import { simulationNote, type ProgramContext } from '../program.ts';
import { isDownloadStandIn } from './downloads.ts';
import { errnoText, readText, splitLines, type Flavor } from './common.ts';

/**
 * `sha256sum` and `md5sum`: real digests of the simulated files, and `-c` to check a list. A
 * file that stands in for a download has no real content to check, so `-c` accepts it and the
 * build notes once that downloads are simulated.
 */

const encoder = new TextEncoder();

const SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
const TABLE = Array.from(
  { length: 64 },
  (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0,
);

/** MD5 of a string's UTF-8 bytes (RFC 1321). */
export function md5Hex(text: string): string {
  const data = encoder.encode(text);
  const padded = new Uint8Array(((data.length + 8) >> 6) * 64 + 64);
  padded.set(data);
  padded[data.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, (data.length * 8) >>> 0, true);
  view.setUint32(padded.length - 4, Math.floor((data.length * 8) / 0x100000000), true);
  let a0 = 0x67452301;
  let b0 = 0xefcdab89;
  let c0 = 0x98badcfe;
  let d0 = 0x10325476;
  for (let offset = 0; offset < padded.length; offset += 64) {
    let a = a0;
    let b = b0;
    let c = c0;
    let d = d0;
    for (let i = 0; i < 64; i++) {
      let f: number;
      let g: number;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) % 16;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) % 16;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) % 16;
      }
      const shift = SHIFTS[(i >> 4) * 4 + (i % 4)]!;
      const sum = (a + f + TABLE[i]! + view.getUint32(offset + g * 4, true)) >>> 0;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << shift) | (sum >>> (32 - shift)))) >>> 0;
    }
    a0 = (a0 + a) >>> 0;
    b0 = (b0 + b) >>> 0;
    c0 = (c0 + c) >>> 0;
    d0 = (d0 + d) >>> 0;
  }
  const out = new DataView(new ArrayBuffer(16));
  [a0, b0, c0, d0].forEach((word, i) => out.setUint32(i * 4, word, true));
  return [...new Uint8Array(out.buffer)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

type Algorithm = 'sha256' | 'md5';

const DIGEST: Record<Algorithm, { hash: (text: string) => string; length: number; label: string }> =
  {
    sha256: { hash: sha256Hex, length: 64, label: 'SHA256' },
    md5: { hash: md5Hex, length: 32, label: 'MD5' },
  };

function readInput(context: ProgramContext, file: string): string | undefined {
  if (file === '-') return context.io.stdin;
  const text = readText(context, file);
  if (text === 'ENOENT' || text === 'EISDIR' || text === 'ENOTDIR' || text === 'ELOOP') {
    context.io.stderr(`${context.argv[0]?.split('/').pop()}: ${file}: ${errnoText(text)}\n`);
    return undefined;
  }
  return text;
}

function checksumTool(algorithm: Algorithm) {
  return (context: ProgramContext, flavor: Flavor): number => {
    const name = `${algorithm}sum`;
    const args = context.argv.slice(1);
    const check = args.some((arg) => arg === '-c' || arg === '--check' || /^-[a-z]*c/.test(arg));
    const quiet = args.includes('--quiet') || args.includes('-s') || args.includes('--status');
    const files = args.filter((arg) => !arg.startsWith('-') || arg === '-');
    const digest = DIGEST[algorithm];
    if (!check) {
      let status = 0;
      for (const file of files.length === 0 ? ['-'] : files) {
        const text = readInput(context, file);
        if (text === undefined) {
          status = 1;
          continue;
        }
        context.io.stdout(`${digest.hash(text)}  ${file}\n`);
      }
      return status;
    }
    let failed = 0;
    let missing = 0;
    let malformed = 0;
    let passed = 0;
    let status = 0;
    for (const list of files.length === 0 ? ['-'] : files) {
      const text = readInput(context, list);
      if (text === undefined) {
        status = 1;
        continue;
      }
      for (const line of splitLines(text)) {
        const match = new RegExp(`^([0-9a-fA-F]{${digest.length}}) [ *](.+)$`).exec(line);
        if (!match) {
          malformed++;
          continue;
        }
        const [, expected, file] = match as unknown as [string, string, string];
        const found = readText(context, file);
        if (found === 'ENOENT' || found === 'EISDIR' || found === 'ENOTDIR' || found === 'ELOOP') {
          context.io.stderr(`${name}: ${file}: ${errnoText(found)}\n`);
          context.io.stdout(`${file}: FAILED open or read\n`);
          missing++;
          continue;
        }
        let ok: boolean;
        if (isDownloadStandIn(found)) {
          simulationNote(
            context,
            'download-checksum',
            'downloads are simulated, so their checksums are accepted without being computed',
          );
          ok = true;
        } else ok = digest.hash(found) === expected.toLowerCase();
        if (ok) passed++;
        else failed++;
        if (!quiet || !ok) context.io.stdout(`${file}: ${ok ? 'OK' : 'FAILED'}\n`);
      }
    }
    if (flavor === 'busybox') {
      // BusyBox counts unreadable and malformed lines as mismatches, in one summary.
      const bad = failed + missing + malformed;
      if (bad > 0) {
        context.io.stderr(
          `${name}: WARNING: ${bad} of ${bad + passed} computed checksums did NOT match\n`,
        );
      }
      return bad > 0 ? 1 : status;
    }
    const checked = failed + missing + passed;
    if (checked === 0 && malformed > 0) {
      const source = files.length === 0 || files[0] === '-' ? "'standard input'" : files[0];
      context.io.stderr(
        flavor === 'gnu'
          ? `${name}: ${source}: no properly formatted checksum lines found\n`
          : `${name}: ${files[0] ?? '-'}: no checksum lines found\n`,
      );
      return 1;
    }
    if (malformed > 0 && flavor === 'gnu') {
      context.io.stderr(
        `${name}: WARNING: ${malformed} line${malformed === 1 ? ' is' : 's are'} improperly formatted\n`,
      );
    }
    if (missing > 0) {
      context.io.stderr(
        `${name}: WARNING: ${missing} listed file${missing === 1 ? '' : 's'} could not be read\n`,
      );
    }
    if (failed > 0) {
      context.io.stderr(
        `${name}: WARNING: ${failed} computed checksum${failed === 1 ? '' : 's'} did NOT match\n`,
      );
    }
    return failed > 0 || missing > 0 ? 1 : status;
  };
}

export const sha256sum = checksumTool('sha256');
export const md5sum = checksumTool('md5');
