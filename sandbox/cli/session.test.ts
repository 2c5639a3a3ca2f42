/**
 * The terminal's `[y/N]` questions: on a terminal the question is the prompt and the learner's
 * next line answers it, as with the real client at a terminal (where `y` or `Y` goes ahead,
 * anything else, an empty line and Ctrl+C stop with status 0 and nothing more printed).
 */
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../index.ts';
import type { Sandbox } from '../api.ts';
import { fakeEnvironment, runLine } from '../testing.ts';

const PROMPT = 'learner@dockyard:~/project$ ';
const QUESTION = 'Are you sure you want to continue? [y/N] ';

/** Runs a line as the page's terminal does (a tty), collecting the output as it is shown. */
async function typed(sandbox: Sandbox, line: string): Promise<{ status: number; output: string }> {
  let output = '';
  const status = await sandbox.run(line, {
    tty: true,
    columns: 120,
    onOutput: (text) => (output += text),
  });
  return { status, output };
}

async function withStoppedContainer(): Promise<Sandbox> {
  const sandbox = createSandbox({
    files: { Dockerfile: 'FROM alpine\nCMD ["true"]\n' },
    environment: fakeEnvironment(),
  });
  await runLine(sandbox, 'docker build -q -t app . > /dev/null');
  await runLine(sandbox, 'docker run --name once app');
  return sandbox;
}

const names = async (sandbox: Sandbox) =>
  (await runLine(sandbox, "docker ps -a --format '{{.Names}}'")).output;

describe('a [y/N] question on the terminal', () => {
  it('becomes the prompt, and the next line typed answers it', async () => {
    const sandbox = await withStoppedContainer();

    const asked = await typed(sandbox, 'docker container prune');
    expect(asked.output).toBe('WARNING! This will remove all stopped containers.\r\n');
    expect(sandbox.prompt()).toBe(QUESTION);
    expect(sandbox.waitsForLine()).toBe(true);

    const answered = await typed(sandbox, 'y');
    expect(answered.status).toBe(0);
    expect(answered.output).toMatch(
      /^Deleted Containers:\r\n[0-9a-f]{64}\r\n\r\nTotal reclaimed space: 0B\r\n$/,
    );
    expect(sandbox.prompt()).toBe(PROMPT);
    expect(sandbox.waitsForLine()).toBe(false);
    expect(await names(sandbox)).toBe('');
  });

  it.each([[''], ['n'], ['yes']])('stops on the answer %j with status 0', async (answer) => {
    const sandbox = await withStoppedContainer();
    await typed(sandbox, 'docker container prune');

    const answered = await typed(sandbox, answer);
    expect(answered).toEqual({ status: 0, output: '' });
    expect(sandbox.prompt()).toBe(PROMPT);
    expect(await names(sandbox)).toBe('once\n');
  });

  it('takes Y as yes', async () => {
    const sandbox = await withStoppedContainer();
    await typed(sandbox, 'docker container prune');
    await typed(sandbox, 'Y');
    expect(await names(sandbox)).toBe('');
  });

  it('stops on Ctrl+C, and the next line is a command again', async () => {
    const sandbox = await withStoppedContainer();
    await typed(sandbox, 'docker container prune');

    expect(sandbox.interrupt()).toBe(true);
    expect(sandbox.prompt()).toBe(PROMPT);
    expect(sandbox.interrupt()).toBe(false);
    const next = await typed(sandbox, 'echo status $?');
    expect(next.output).toBe('status 0\r\n');
    expect(await names(sandbox)).toBe('once\n');
  });

  it('lets the rest of the command line run after the answer, with the status in $?', async () => {
    const sandbox = await withStoppedContainer();
    await typed(sandbox, 'docker container prune > /dev/null; echo after $?');

    const answered = await typed(sandbox, 'n');
    expect(answered.output).toBe('after 0\r\n');
  });

  it('reads a piped answer instead, with the question in the output', async () => {
    const sandbox = await withStoppedContainer();
    const piped = await typed(sandbox, 'echo n | docker container prune');
    expect(piped.output).toBe(`WARNING! This will remove all stopped containers.\r\n${QUESTION}`);
    expect(sandbox.prompt()).toBe(PROMPT);

    const empty = await typed(sandbox, 'docker container prune < /dev/null');
    expect(empty.output).toBe(`WARNING! This will remove all stopped containers.\r\n${QUESTION}`);
    expect(sandbox.waitsForLine()).toBe(false);
  });

  it('is not waited for without a terminal: the end of input answers no', async () => {
    const sandbox = await withStoppedContainer();
    const result = await runLine(sandbox, 'docker image prune');
    expect(result).toEqual({
      status: 0,
      output: `WARNING! This will remove all dangling images.\n${QUESTION}`,
    });
    expect(sandbox.waitsForLine()).toBe(false);
  });

  it('asks each prune command and system prune the same way', async () => {
    const sandbox = await withStoppedContainer();
    for (const command of ['docker image prune -a', 'docker volume prune', 'docker system prune']) {
      await typed(sandbox, command);
      expect(sandbox.prompt()).toBe(QUESTION);
      await typed(sandbox, 'n');
      expect(sandbox.prompt()).toBe(PROMPT);
    }
  });
});
