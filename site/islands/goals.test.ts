import { describe, expect, it } from 'vitest';
import { asSentence } from './goals.ts';

describe('asSentence', () => {
  it('capitalises a plain first word and ends with a full stop', () => {
    expect(asSentence('no container named `web` is running', 'en')).toBe(
      'No container named `web` is running.',
    );
  });

  it('leaves an address or a command at the start as written', () => {
    expect(asSentence('http://localhost:8888 answers 404', 'en')).toBe(
      'http://localhost:8888 answers 404.',
    );
    expect(asSentence('`docker ps` lists none', 'en')).toBe('`docker ps` lists none.');
  });

  it('ends a Chinese reason with a Chinese full stop, once', () => {
    expect(asSentence('http://localhost:8888 没有响应', 'zh')).toBe(
      'http://localhost:8888 没有响应。',
    );
    expect(asSentence('docker ps 是空的。', 'zh')).toBe('docker ps 是空的。');
  });
});
