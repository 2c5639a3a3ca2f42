/**
 * Go's `time.ParseDuration`, with its exact error texts, because HEALTHCHECK options use it and
 * BuildKit shows its errors unchanged. Values are nanoseconds; BigInt keeps the 64-bit range.
 */

import { durationMessages } from './messages.ts';

const units: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  '\u00b5s': 1_000n,
  '\u03bcs': 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const limit = 1n << 63n;

export type DurationResult = { ok: true; nanoseconds: bigint } | { ok: false; message: string };

export function parseGoDuration(text: string): DurationResult {
  const quoted = timeQuote(text);
  const invalid = (): DurationResult => ({ ok: false, message: durationMessages.invalid(quoted) });
  let rest = text;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '0') {
    return { ok: true, nanoseconds: 0n };
  }
  if (rest === '') {
    return invalid();
  }

  let total = 0n;
  while (rest !== '') {
    if (!(rest[0] === '.' || isDigit(rest, 0))) {
      return invalid();
    }
    let i = 0;
    let whole = 0n;
    while (i < rest.length && isDigit(rest, i)) {
      if (whole > limit / 10n) {
        return invalid();
      }
      whole = whole * 10n + BigInt(rest.charCodeAt(i) - 48);
      if (whole > limit) {
        return invalid();
      }
      i++;
    }
    const hadWhole = i > 0;
    let fraction = 0n;
    let scale = 1;
    let hadFraction = false;
    if (rest[i] === '.') {
      i++;
      const start = i;
      let overflow = false;
      while (i < rest.length && isDigit(rest, i)) {
        if (!overflow) {
          if (fraction > (limit - 1n) / 10n) {
            overflow = true;
          } else {
            const next = fraction * 10n + BigInt(rest.charCodeAt(i) - 48);
            if (next > limit) {
              overflow = true;
            } else {
              fraction = next;
              scale *= 10;
            }
          }
        }
        i++;
      }
      hadFraction = i > start;
    }
    if (!hadWhole && !hadFraction) {
      return invalid();
    }
    let unitEnd = i;
    while (unitEnd < rest.length && rest[unitEnd] !== '.' && !isDigit(rest, unitEnd)) {
      unitEnd++;
    }
    if (unitEnd === i) {
      return { ok: false, message: durationMessages.missingUnit(quoted) };
    }
    const unitName = rest.slice(i, unitEnd);
    rest = rest.slice(unitEnd);
    const unit = units[unitName];
    if (unit === undefined) {
      return { ok: false, message: durationMessages.unknownUnit(timeQuote(unitName), quoted) };
    }
    if (whole > limit / unit) {
      return invalid();
    }
    let value = whole * unit;
    if (fraction > 0n) {
      value += BigInt(Math.trunc(Number(fraction) * (Number(unit) / scale)));
      if (value > limit) {
        return invalid();
      }
    }
    total += value;
    if (total > limit) {
      return invalid();
    }
  }
  if (negative) {
    return { ok: true, nanoseconds: -total };
  }
  if (total > limit - 1n) {
    return invalid();
  }
  return { ok: true, nanoseconds: total };
}

function isDigit(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code >= 48 && code <= 57;
}

/** The time package's own quoting: ASCII kept (with `"` and `\` escaped), other bytes as `\xHH`. */
function timeQuote(text: string): string {
  const out: string[] = ['"'];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0x80 || code < 0x20) {
      for (const byte of utf8Bytes(code)) {
        out.push('\\x' + byte.toString(16).padStart(2, '0'));
      }
    } else {
      out.push(char === '"' || char === '\\' ? '\\' + char : char);
    }
  }
  out.push('"');
  return out.join('');
}

function utf8Bytes(code: number): number[] {
  if (code < 0x80) {
    return [code];
  }
  if (code < 0x800) {
    return [0xc0 | (code >> 6), 0x80 | (code & 0x3f)];
  }
  if (code < 0x10000) {
    return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
  }
  return [
    0xf0 | (code >> 18),
    0x80 | ((code >> 12) & 0x3f),
    0x80 | ((code >> 6) & 0x3f),
    0x80 | (code & 0x3f),
  ];
}
