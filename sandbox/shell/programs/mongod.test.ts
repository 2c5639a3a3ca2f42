import { describe, expect, it } from 'vitest';
import { mkdirp } from '../../fs/ops.ts';
import type { TestMachine } from '../testing.ts';
import { startProgram } from './server-testing.ts';

function mongoImage(machine: TestMachine): void {
  machine.fs.set(
    '/usr/local/bin/docker-entrypoint.sh',
    machine.fs.get('/usr/bin/mongo-entrypoint')!,
  );
  mkdirp(machine.fs, '/data/db');
  machine.env.MONGO_VERSION = '8.2.2';
}

const CMD = ['docker-entrypoint.sh', 'mongod'];

describe('the mongo image', () => {
  it('binds all interfaces, logs in MongoDB JSON and waits for connections on 27017', async () => {
    const server = await startProgram(CMD, mongoImage);
    const lines = server.machine.stdout.trimEnd().split('\n');
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(lines.at(-1)).toBe(
      '{"t":{"$date":"2026-12-04T16:22:11.000+00:00"},"s":"I",  "c":"NETWORK",  "id":23016,   "ctx":"listener","msg":"Waiting for connections","attr":{"port":27017,"ssl":"off"}}',
    );
    expect(server.net.handlers.get(27017)?.host).toBe('0.0.0.0');
    expect(server.machine.fs.get('/data/db/WiredTiger')?.kind).toBe('file');
    const answer = server.net.request(27017, '/');
    expect(answer.body).toBe(
      'It looks like you are trying to access MongoDB over HTTP on the native driver port.\n',
    );
  });

  it('shuts down on SIGTERM with exit code 0', async () => {
    const server = await startProgram(CMD, mongoImage);
    server.machine.stdout = '';
    expect(await server.stop('SIGTERM')).toBe(0);
    const messages = server.machine.stdout
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages[0]).toBe('Received signal');
    expect(messages.at(-1)).toBe('Shutting down');
    expect(server.net.closed).toEqual([27017]);
  });

  it('exits 100 when the dbPath is missing', async () => {
    const server = await startProgram(['mongod', '--dbpath', '/nowhere'], mongoImage);
    expect(await server.exit).toBe(100);
    expect(server.machine.stdout).toContain('NonExistentPath: Data directory /nowhere not found.');
  });
});
