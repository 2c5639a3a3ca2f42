/** The statuses the views refresh on a timer: `docker ps`'s relative times, worked out at each tick. */
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../../../sandbox/index.ts';
import { fakeEnvironment } from '../../../sandbox/testing.ts';

const files = {
  Dockerfile:
    'FROM node:latest\nWORKDIR /app\nCOPY . .\nRUN npm install -g http-server\nEXPOSE 8080\nCMD ["http-server", "-p", "8080"]\n',
  'index.html': '<h1>Hello</h1>\n',
};

describe('containerStatuses', () => {
  it('follows the clock between changes of state, in docker ps words', async () => {
    const environment = fakeEnvironment();
    const sandbox = createSandbox({ files, environment });
    const quiet = { tty: false, onOutput: () => undefined };
    expect(await sandbox.run('docker build -t aaa:ccc .', quiet)).toBe(0);
    expect(await sandbox.run('docker run -d --name web aaa:ccc', quiet)).toBe(0);
    const id = sandbox.state().containers.find((c) => c.name === 'web')?.id ?? '';

    expect(sandbox.containerStatuses()[id]).toBe('Up Less than a second');
    environment.advance(3_000);
    expect(sandbox.containerStatuses()[id]).toBe('Up 3 seconds');
    environment.advance(87_000);
    expect(sandbox.containerStatuses()[id]).toBe('Up About a minute');
  });
});
