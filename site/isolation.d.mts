/** Types of `isolation.mjs`, for the TypeScript that imports it. */
import type { Plugin } from 'vite';

export declare const isolatedPageHeaders: Readonly<{
  'Cross-Origin-Opener-Policy': 'same-origin';
  'Cross-Origin-Embedder-Policy': 'require-corp';
}>;

export declare function isolationHeaders(url: string): Record<string, string>;

export declare function applyIsolationHeaders(
  request: { url?: string },
  response: { setHeader(name: string, value: string): unknown },
): void;

export declare function isolationPlugin(): Plugin;

export declare function previewWithIsolation(options?: {
  host?: string;
  port?: number;
  root?: string;
}): Promise<import('astro').PreviewServer>;
