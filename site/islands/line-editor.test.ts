import { describe, expect, it } from 'vitest';
import { LineEditor, tokenize } from './line-editor.ts';

describe('tokenize', () => {
  it.each([
    ['docker ps', [{ kind: 'text', text: 'docker ps' }]],
    ['\x1b[A\x1b[B', [{ kind: 'up' }, { kind: 'down' }]],
    ['ab\x1b[Dc', [{ kind: 'text', text: 'ab' }, { kind: 'left' }, { kind: 'text', text: 'c' }]],
    [
      'ls\r\npwd\r',
      [
        { kind: 'text', text: 'ls' },
        { kind: 'enter' },
        { kind: 'text', text: 'pwd' },
        { kind: 'enter' },
      ],
    ],
    ['\x7f\x03\x0c', [{ kind: 'backspace' }, { kind: 'interrupt' }, { kind: 'clear-screen' }]],
    ['\x1b[3~\x1b[H\x1b[F', [{ kind: 'delete' }, { kind: 'home' }, { kind: 'end' }]],
    ['\x1b[15~', [{ kind: 'ignored' }]],
    ['a\tb', [{ kind: 'text', text: 'a b' }]],
  ])('splits %j into keys', (input, expected) => {
    expect(tokenize(input)).toEqual(expected);
  });
});

describe('LineEditor', () => {
  it('inserts at the cursor and deletes before and after it', () => {
    const editor = new LineEditor();
    editor.insert('dcker');
    editor.home();
    editor.right();
    editor.insert('o');
    expect(editor.line).toBe('docker');
    expect(editor.cursor).toBe(2);
    editor.backspace();
    editor.deleteForward();
    expect(editor.line).toBe('dker');
    expect(editor.cursor).toBe(1);
  });

  it('walks history with up and down and keeps the line being typed', () => {
    const editor = new LineEditor(['docker images']);
    editor.insert('docker ps');
    expect(editor.submit()).toBe('docker ps');
    editor.insert('docker r');
    editor.up();
    expect(editor.line).toBe('docker ps');
    editor.up();
    expect(editor.line).toBe('docker images');
    editor.up();
    expect(editor.line).toBe('docker images');
    editor.down();
    editor.down();
    expect(editor.line).toBe('docker r');
    expect(editor.cursor).toBe('docker r'.length);
  });

  it('records neither empty lines nor a repeat of the last line', () => {
    const editor = new LineEditor();
    editor.insert('ls');
    editor.submit();
    editor.insert('ls');
    editor.submit();
    editor.insert('   ');
    editor.submit();
    expect(editor.entries()).toEqual(['ls']);
  });

  it('deletes the word before the cursor', () => {
    const editor = new LineEditor();
    editor.insert('docker run  aaa:ccc');
    editor.killWord();
    expect(editor.line).toBe('docker run  ');
    editor.killWord();
    expect(editor.line).toBe('docker ');
  });

  it('drops the line on cancel and starts history from the end again', () => {
    const editor = new LineEditor(['one', 'two']);
    editor.up();
    editor.cancel();
    expect(editor.line).toBe('');
    editor.up();
    expect(editor.line).toBe('two');
  });
});
