import { describe, expect, it } from 'vitest';
import { goQuote } from './dump.ts';

describe('goQuote', () => {
  it('uses Go escapes for control characters', () => {
    expect(goQuote('a\u0000b\u0007\u001b\u007f')).toBe('"a\\x00b\\a\\x1b\\x7f"');
    expect(goQuote('"\\\n\t')).toBe('"\\"\\\\\\n\\t"');
  });

  it('keeps printable Unicode and escapes spaces other than U+0020', () => {
    expect(goQuote('♥ ☃ 한국어')).toBe('"♥ ☃ 한국어"');
    expect(goQuote('a\u00a0b\u2028c\u200b')).toBe('"a\\u00a0b\\u2028c\\u200b"');
    expect(goQuote('\u{1F600}\u{E0001}')).toBe('"\u{1F600}\\U000e0001"');
  });
});
