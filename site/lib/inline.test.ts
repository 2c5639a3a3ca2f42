import { describe, expect, it } from 'vitest';
import { inlineParts } from './inline.ts';

describe('inlineParts', () => {
  it('splits code spans from text', () => {
    expect(inlineParts('Build `aaa:ccc` with `-t`.')).toEqual([
      { code: false, text: 'Build ' },
      { code: true, text: 'aaa:ccc' },
      { code: false, text: ' with ' },
      { code: true, text: '-t' },
      { code: false, text: '.' },
    ]);
  });

  it('keeps an unpaired backtick as text', () => {
    expect(inlineParts('a ` b')).toEqual([{ code: false, text: 'a ` b' }]);
  });

  it('keeps markup as text', () => {
    expect(inlineParts('<b>x</b> `<h1>`')).toEqual([
      { code: false, text: '<b>x</b> ' },
      { code: true, text: '<h1>' },
    ]);
  });
});
