/**
 * Local archives as ADD sees them: a tar file, plain or gzip-compressed, whose entries ADD unpacks
 * into the destination. File contents in the sandbox are text, so an archive's bytes are the
 * character codes of its text when all are below 256 (how binary data survives as text), and its
 * UTF-8 encoding otherwise. Anything that is not a readable archive is copied as a file, as
 * Docker does.
 */

export interface ArchiveEntry {
  /** Relative path inside the archive, without a leading `./` or `/`. */
  path: string;
  kind: 'file' | 'dir' | 'symlink';
  content: string;
  mode: number;
  uid: number;
  gid: number;
  /** Seconds since the epoch, as tar stores it. */
  mtime: number;
  target: string;
}

/** The bytes a sandbox file stands for. */
export function textBytes(text: string): Uint8Array {
  let binary = true;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 255) {
      binary = false;
      break;
    }
  }
  if (!binary) return new TextEncoder().encode(text);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** Bytes back to sandbox text: UTF-8 when they decode cleanly, one character per byte otherwise. */
function bytesText(bytes: Uint8Array): string {
  let ascii = true;
  for (const byte of bytes) {
    if (byte > 127) {
      ascii = false;
      break;
    }
  }
  if (!ascii) {
    const decoded = decodeUtf8(bytes);
    if (decoded !== undefined) return decoded;
  }
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return text;
}

/** Strict UTF-8 decoding; undefined when the bytes are not valid UTF-8. */
function decodeUtf8(bytes: Uint8Array): string | undefined {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let code: number;
    let extra: number;
    if (b < 0x80) {
      code = b;
      extra = 0;
    } else if (b >= 0xc2 && b < 0xe0) {
      code = b & 0x1f;
      extra = 1;
    } else if (b >= 0xe0 && b < 0xf0) {
      code = b & 0x0f;
      extra = 2;
    } else if (b >= 0xf0 && b < 0xf5) {
      code = b & 0x07;
      extra = 3;
    } else return undefined;
    for (let k = 1; k <= extra; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return undefined;
      code = (code << 6) | (next & 0x3f);
    }
    out += String.fromCodePoint(code);
    i += extra + 1;
  }
  return out;
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length > 18 && bytes[0] === 0x1f && bytes[1] === 0x8b && bytes[2] === 8;
}

function isTar(bytes: Uint8Array): boolean {
  if (bytes.length < 512) return false;
  const magic = String.fromCharCode(...bytes.subarray(257, 262));
  return magic === 'ustar';
}

/** The entries of a tar or tar.gz held in `text`; undefined when it is not such an archive. */
export function readArchive(text: string): ArchiveEntry[] | undefined {
  let bytes = textBytes(text);
  if (isGzip(bytes)) {
    const inflated = gunzip(bytes);
    if (!inflated) return undefined;
    bytes = inflated;
  }
  if (!isTar(bytes)) return undefined;
  return readTar(bytes);
}

function field(block: Uint8Array, start: number, length: number): string {
  let end = start;
  while (end < start + length && block[end] !== 0) end++;
  let text = '';
  for (let i = start; i < end; i += 8192) {
    text += String.fromCharCode(...block.subarray(i, Math.min(end, i + 8192)));
  }
  return text;
}

function octal(block: Uint8Array, start: number, length: number): number {
  const text = field(block, start, length).trim();
  return text === '' ? 0 : parseInt(text, 8) || 0;
}

function readTar(bytes: Uint8Array): ArchiveEntry[] | undefined {
  const entries: ArchiveEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  while (offset + 512 <= bytes.length) {
    const block = bytes.subarray(offset, offset + 512);
    if (block.every((byte) => byte === 0)) break;
    const size = octal(block, 124, 12);
    const type = String.fromCharCode(block[156]!);
    const prefix = field(block, 345, 155);
    const name = field(block, 0, 100);
    const data = bytes.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = field(data, 0, data.length);
      continue;
    }
    if (type === 'x' || type === 'g') {
      const path = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(bytesText(data));
      if (path && type === 'x') longName = path[1];
      continue;
    }
    const full = longName ?? (prefix ? `${prefix}/${name}` : name);
    longName = undefined;
    const path = full.replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '');
    if (path === '' || path === '.') continue;
    const meta = {
      path,
      mode: octal(block, 100, 8) & 0o7777,
      uid: octal(block, 108, 8),
      gid: octal(block, 116, 8),
      mtime: octal(block, 136, 12),
      content: '',
      target: '',
    };
    if (type === '5') entries.push({ ...meta, kind: 'dir' });
    else if (type === '2') entries.push({ ...meta, kind: 'symlink', target: field(block, 157, 100) });
    else if (type === '0' || type === '\0' || type === '7') {
      entries.push({ ...meta, kind: 'file', content: bytesText(data) });
    }
  }
  return entries;
}

/** RFC 1952 gzip around RFC 1951 deflate; undefined when the data is damaged. */
export function gunzip(bytes: Uint8Array): Uint8Array | undefined {
  const flags = bytes[3]!;
  let pos = 10;
  if (flags & 4) pos += 2 + (bytes[pos]! | (bytes[pos + 1]! << 8));
  if (flags & 8) while (pos < bytes.length && bytes[pos++] !== 0);
  if (flags & 16) while (pos < bytes.length && bytes[pos++] !== 0);
  if (flags & 2) pos += 2;
  if (pos >= bytes.length) return undefined;
  return inflate(bytes.subarray(pos));
}

const LENGTH_BASE = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
  163, 195, 227, 258,
];
const LENGTH_EXTRA = [
  0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const DIST_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049,
  3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA = [
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
];
const CODE_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

interface Huffman {
  counts: number[];
  symbols: number[];
}

function huffman(lengths: readonly number[]): Huffman {
  const counts = new Array<number>(16).fill(0);
  for (const length of lengths) counts[length]!++;
  counts[0] = 0;
  const offsets = new Array<number>(16).fill(0);
  for (let i = 1; i < 16; i++) offsets[i] = offsets[i - 1]! + counts[i - 1]!;
  const symbols = new Array<number>(lengths.length).fill(0);
  lengths.forEach((length, symbol) => {
    if (length !== 0) symbols[offsets[length]!++] = symbol;
  });
  return { counts, symbols };
}

class DamagedData {}

/** Archives that unpack to more than this are refused, so a small file cannot fill the page. */
const MAX_INFLATED = 64 * 1024 * 1024;

/** A plain inflater: stored, fixed and dynamic blocks. Throws nothing outward. */
function inflate(data: Uint8Array): Uint8Array | undefined {
  let pos = 0;
  let bit = 0;
  let out = new Uint8Array(Math.max(1024, data.length * 4));
  let size = 0;
  const need = (more: number) => {
    if (size + more <= out.length) return;
    if (size + more > MAX_INFLATED) throw new DamagedData();
    const bigger = new Uint8Array(Math.max(out.length * 2, size + more));
    bigger.set(out.subarray(0, size));
    out = bigger;
  };
  const bits = (count: number): number => {
    let value = 0;
    for (let i = 0; i < count; i++) {
      if (pos >= data.length) throw new DamagedData();
      value |= ((data[pos]! >> bit) & 1) << i;
      if (++bit === 8) {
        bit = 0;
        pos++;
      }
    }
    return value;
  };
  const decode = (table: Huffman): number => {
    let code = 0;
    let first = 0;
    let index = 0;
    for (let length = 1; length < 16; length++) {
      code |= bits(1);
      const count = table.counts[length]!;
      if (code - first < count) return table.symbols[index + code - first]!;
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    throw new DamagedData();
  };
  const fixedLengths = [
    ...new Array<number>(144).fill(8),
    ...new Array<number>(112).fill(9),
    ...new Array<number>(24).fill(7),
    ...new Array<number>(8).fill(8),
  ];
  const fixed = { lit: huffman(fixedLengths), dist: huffman(new Array<number>(30).fill(5)) };
  try {
    let last = 0;
    while (!last) {
      last = bits(1);
      const type = bits(2);
      if (type === 0) {
        if (bit !== 0) {
          bit = 0;
          pos++;
        }
        if (pos + 4 > data.length) return undefined;
        const length = data[pos]! | (data[pos + 1]! << 8);
        pos += 4;
        if (pos + length > data.length) return undefined;
        need(length);
        out.set(data.subarray(pos, pos + length), size);
        size += length;
        pos += length;
        continue;
      }
      let lit = fixed.lit;
      let dist = fixed.dist;
      if (type === 2) {
        const hlit = bits(5) + 257;
        const hdist = bits(5) + 1;
        const hclen = bits(4) + 4;
        const codeLengths = new Array<number>(19).fill(0);
        for (let i = 0; i < hclen; i++) codeLengths[CODE_ORDER[i]!] = bits(3);
        const codes = huffman(codeLengths);
        const lengths: number[] = [];
        while (lengths.length < hlit + hdist) {
          const symbol = decode(codes);
          if (symbol < 16) lengths.push(symbol);
          else if (symbol === 16) {
            if (lengths.length === 0) return undefined;
            const previous = lengths[lengths.length - 1]!;
            for (let n = 3 + bits(2); n > 0; n--) lengths.push(previous);
          } else if (symbol === 17) for (let n = 3 + bits(3); n > 0; n--) lengths.push(0);
          else for (let n = 11 + bits(7); n > 0; n--) lengths.push(0);
        }
        lit = huffman(lengths.slice(0, hlit));
        dist = huffman(lengths.slice(hlit, hlit + hdist));
      } else if (type !== 1) return undefined;
      for (;;) {
        const symbol = decode(lit);
        if (symbol < 256) {
          need(1);
          out[size++] = symbol;
        } else if (symbol === 256) break;
        else {
          const index = symbol - 257;
          if (index >= 29) return undefined;
          const length = LENGTH_BASE[index]! + bits(LENGTH_EXTRA[index]!);
          const d = decode(dist);
          if (d >= 30) return undefined;
          const distance = DIST_BASE[d]! + bits(DIST_EXTRA[d]!);
          if (distance > size) return undefined;
          need(length);
          for (let i = 0; i < length; i++) out[size + i] = out[size - distance + i]!;
          size += length;
        }
      }
    }
  } catch (error) {
    if (error instanceof DamagedData) return undefined;
    throw error;
  }
  return out.subarray(0, size);
}
