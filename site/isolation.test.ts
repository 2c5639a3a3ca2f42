/** Which answers carry the cross-origin isolation headers. */
import { describe, expect, it } from 'vitest';
import { isolationHeaders } from './isolation.mjs';

const both = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};
const embedderOnly = { 'Cross-Origin-Embedder-Policy': 'require-corp' };

describe('isolationHeaders', () => {
  it('isolates the run-for-real pages in every form of their address', () => {
    for (const path of [
      '/en/real/',
      '/en/real',
      '/zh/real/13/',
      '/en/real/1',
      '/en/real/1/index.html',
      '/en/real.html',
      '/en/real/?from=lesson#top',
    ]) {
      expect(isolationHeaders(path), path).toEqual(both);
    }
  });

  it('leaves every other page alone', () => {
    for (const path of [
      '/',
      '/en/',
      '/en/lessons/1/',
      '/zh/lessons/13/',
      '/en/simulates/',
      '/en/realm/',
      '/en/lessons/1/?real',
      '/real/',
      '/favicon.svg',
      '/_astro/store.CKInPxy-.js',
    ]) {
      expect(isolationHeaders(path), path).toEqual({});
    }
  });

  it('gives worker scripts, built or served by the dev server, the embedder policy alone', () => {
    expect(isolationHeaders('/_astro/editor.worker-CCfkejvo.js')).toEqual(embedderOnly);
    expect(
      isolationHeaders(
        '/node_modules/monaco-editor/esm/vs/editor/editor.worker.js?worker_file&type=module',
      ),
    ).toEqual(embedderOnly);
    expect(isolationHeaders('/_astro/editor.CbKyZ63w.js')).toEqual({});
  });
});
