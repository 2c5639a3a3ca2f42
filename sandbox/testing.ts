/**
 * A pinned environment for tests that drive the whole sandbox: a clock that only moves when the
 * test or a simulated wait moves it, a seeded random source, and a `delay` that advances the
 * clock and resolves on a new task. Waits of an hour or more (`sleep 3600` as a container's main
 * process) stay pending until their signal aborts, so such a container keeps running.
 */
import type { Environment, Sandbox } from './api.ts';
import { pinnedEnvironment } from './environment.ts';

export const START = Date.parse('2026-12-04T10:00:00Z');

/** The first lesson's Dockerfile without EXPOSE: http-server installed with npm, serving /app. */
export const LESSON_DOCKERFILE = [
  'FROM node:latest',
  'WORKDIR /app',
  'COPY . .',
  'RUN npm install -g http-server',
  'CMD ["http-server", "-p", "8080"]',
  '',
].join('\n');

export interface FakeEnvironment extends Environment {
  advance(ms: number): void;
}

export function fakeEnvironment(seed = 7): FakeEnvironment {
  return pinnedEnvironment(START, seed);
}

/** Runs one command line as a pipe (no tty) and returns its status and everything it printed. */
export async function runLine(
  sandbox: Sandbox,
  commandLine: string,
): Promise<{ status: number; output: string }> {
  let output = '';
  const status = await sandbox.run(commandLine, {
    tty: false,
    onOutput: (text) => (output += text),
  });
  return { status, output };
}
