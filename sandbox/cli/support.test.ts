import { describe, expect, it } from 'vitest';
import { cliSupport } from './support.ts';

const rows = cliSupport();
const find = (command: string) => rows.find((row) => row.command === command);

describe('the CLI support table', () => {
  it('lists each Docker command once, modelled or not', () => {
    const commands = rows.map((row) => row.command);
    expect(new Set(commands).size).toBe(commands.length);
    for (const command of [
      'docker ps',
      'docker image prune',
      'docker volume ls',
      'docker attach',
    ]) {
      expect(commands).toContain(command);
    }
    expect(commands).not.toContain('docker container ls');
  });

  it('names the flags acted on and the flags only accepted', () => {
    const ps = find('docker ps')!;
    expect(ps.flags).toEqual(expect.arrayContaining(['--all', '--filter', '--format', '--last']));
    expect(ps.ignored).toEqual([]);
    const logs = find('docker logs')!;
    expect(logs.ignored).toEqual(['--details']);
    expect(logs.level).toBe('partial');
  });

  it('marks the commands without a handler as not simulated', () => {
    expect(find('docker attach')!.level).toBe('not');
    expect(find('docker network')!.level).toBe('not');
    expect(find('docker tag')!.level).toBe('supported');
  });
});
