/**
 * Small character helpers that reproduce Go's notions (what `unicode.IsSpace` calls white space,
 * how many UTF-8 bytes a string takes), because BuildKit's rules are defined in those terms and
 * JavaScript's built-ins (`\s`, `.length`) mean something slightly different.
 */

/** Go's `unicode.IsSpace`: not the same set as JavaScript's `\s` (no U+FEFF, adds U+0085). */
export function isGoSpace(code: number): boolean {
  if (code <= 0x20) {
    return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  }
  if (code < 0x85) {
    return false;
  }
  return (
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** The separators BuildKit uses to split a logical line into keyword and rest: `[ \t\v\f\r]`. */
export function isLineBlank(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0b || code === 0x0c || code === 0x0d;
}

/** Go's `strings.TrimSpace`. */
export function trimGoSpace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isGoSpace(text.charCodeAt(start))) {
    start++;
  }
  while (end > start && isGoSpace(text.charCodeAt(end - 1))) {
    end--;
  }
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

export function trimGoSpaceLeft(text: string): string {
  let start = 0;
  while (start < text.length && isGoSpace(text.charCodeAt(start))) {
    start++;
  }
  return start === 0 ? text : text.slice(start);
}

/** Splits on runs of `[ \t\v\f\r]`, as BuildKit's whitespace regular expression does. */
export function splitOnLineBlanks(text: string, limit = Infinity): string[] {
  const parts: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    if (!isLineBlank(text.charCodeAt(i))) {
      i++;
      continue;
    }
    if (parts.length + 1 >= limit) {
      break;
    }
    parts.push(text.slice(start, i));
    while (i < text.length && isLineBlank(text.charCodeAt(i))) {
      i++;
    }
    start = i;
  }
  parts.push(text.slice(start));
  return parts;
}

/** Number of bytes `text` takes in UTF-8. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      bytes += 1;
    } else if (code < 0x800) {
      bytes += 2;
    } else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    } else {
      bytes += 3;
    }
  }
  return bytes;
}

/**
 * Re-encodes `text` so every UTF-8 byte becomes one character (U+0000 to U+00FF). Some of
 * BuildKit's scanners walk a string byte by byte and treat each byte as a character; running the
 * same walk over this form gives the same result. Lone surrogates are encoded as U+FFFD.
 */
export function toByteChars(text: string): string {
  const out: string[] = [];
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else {
        code = 0xfffd;
      }
    }
    if (code < 0x80) {
      out.push(String.fromCharCode(code));
    } else if (code < 0x800) {
      out.push(String.fromCharCode(0xc0 | (code >> 6), 0x80 | (code & 0x3f)));
    } else if (code < 0x10000) {
      out.push(
        String.fromCharCode(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)),
      );
    } else {
      out.push(
        String.fromCharCode(
          0xf0 | (code >> 18),
          0x80 | ((code >> 12) & 0x3f),
          0x80 | ((code >> 6) & 0x3f),
          0x80 | (code & 0x3f),
        ),
      );
    }
  }
  return out.join('');
}

/** The inverse of `toByteChars`; each byte of an invalid sequence becomes U+FFFD. */
export function fromByteChars(bytes: string): string {
  const out: string[] = [];
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes.charCodeAt(i);
    const width =
      lead < 0x80 ? 1 : lead >= 0xf0 && lead < 0xf8 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc2 ? 2 : 0;
    if (width === 1) {
      out.push(bytes[i]!);
      i++;
      continue;
    }
    let code = width === 4 ? lead & 0x07 : width === 3 ? lead & 0x0f : lead & 0x1f;
    let valid = width > 0 && i + width <= bytes.length;
    for (let k = 1; valid && k < width; k++) {
      const part = bytes.charCodeAt(i + k);
      if ((part & 0xc0) !== 0x80) {
        valid = false;
      }
      code = (code << 6) | (part & 0x3f);
    }
    if (!valid || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      out.push('\uFFFD');
      i++;
      continue;
    }
    out.push(String.fromCodePoint(code));
    i += width;
  }
  return out.join('');
}

export function hasNonAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) >= 0x80) {
      return true;
    }
  }
  return false;
}
