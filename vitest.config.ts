import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'sandbox/**/*.test.ts',
      'bin/**/*.test.ts',
      'site/**/*.test.ts',
      'tests/**/*.test.ts',
    ],
    testTimeout: 20_000,
    hookTimeout: 120_000,
    fileParallelism: true,
  },
});
