/**
 * How `docker` finds a command and reads its flags, with the words, layout, stream and exit
 * status of the real 28.2 client (each expectation was taken from running that client).
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../runtime/engine.ts';
import { fakeEnvironment } from '../testing.ts';
import { docker } from './docker.ts';
import { createHostFs, PROJECT } from './host.ts';

async function cli(line: string) {
  const environment = fakeEnvironment();
  const host = createHostFs({ Dockerfile: 'FROM alpine\n' }, environment.now());
  const engine = new Engine(host, environment);
  let out = '';
  let err = '';
  const status = await docker(line === '' ? [] : line.split(' '), {
    engine,
    host,
    cwd: PROJECT,
    environment,
    terminal: { out: (t) => (out += t), err: (t) => (err += t), tty: false, columns: 80 },
  });
  return { status, out, err };
}

const PS_USAGE = 'Usage:  docker ps [OPTIONS]';

describe('docker with no command, --help and help', () => {
  it('prints the client help on standard error with status 0 when given no command', async () => {
    const { status, out, err } = await cli('');
    expect(status).toBe(0);
    expect(out).toBe('');
    expect(err.startsWith('Usage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime')).toBe(
      true,
    );
    expect(err.endsWith('head to https://docs.docker.com/go/guides/\n')).toBe(true);
  });

  it('prints it on standard output for --help, with the learner home in the defaults', async () => {
    const { status, out } = await cli('--help');
    expect(status).toBe(0);
    expect(out).toContain('  builder     Manage builds\n  buildx*     Docker Buildx\n');
    expect(out).toContain(
      '      --config string      Location of client config files (default\n                           "/home/learner/.docker")\n',
    );
  });

  it('answers docker help ps with the help of docker ps', async () => {
    const { out } = await cli('help ps');
    expect(out.split('\n')[0]).toBe(PS_USAGE);
  });

  it('says unknown help topic for a word that is not a command', async () => {
    expect(await cli('help foo')).toEqual({ status: 1, out: '', err: 'unknown help topic: foo\n' });
  });

  it('prints the group help for a bare management command on standard error', async () => {
    const { status, err } = await cli('image');
    expect(status).toBe(0);
    expect(err).toContain('Usage:  docker image COMMAND\n\nManage images\n\nCommands:\n');
    expect(err).toContain("Run 'docker image COMMAND --help' for more information on a command.");
  });
});

describe('unknown commands and flags', () => {
  it.each([
    ['foo', 1, "docker: unknown command: docker foo\n\nRun 'docker --help' for more information\n"],
    [
      'image foo',
      1,
      "docker: unknown command: docker image foo\n\nUsage:  docker image\n\nRun 'docker image --help' for more information\n",
    ],
    [
      '--foo',
      125,
      "unknown flag: --foo\n\nUsage:  docker [OPTIONS] COMMAND [ARG...]\n\nRun 'docker --help' for more information\n",
    ],
    [
      'image --foo',
      125,
      "unknown flag: --foo\n\nUsage:  docker image\n\nRun 'docker image --help' for more information\n",
    ],
    [
      'ps -z',
      125,
      `unknown shorthand flag: 'z' in -z\n\n${PS_USAGE}\n\nRun 'docker ps --help' for more information\n`,
    ],
    [
      'ps x',
      1,
      `docker: 'docker ps' accepts no arguments\n\n${PS_USAGE}\n\nRun 'docker ps --help' for more information\n`,
    ],
    [
      'rm',
      1,
      "docker: 'docker rm' requires at least 1 argument\n\nUsage:  docker rm [OPTIONS] CONTAINER [CONTAINER...]\n\nSee 'docker rm --help' for more information\n",
    ],
    [
      'tag a',
      1,
      "docker: 'docker tag' requires 2 arguments\n\nUsage:  docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]\n\nRun 'docker tag --help' for more information\n",
    ],
    [
      'port',
      1,
      "docker: 'docker port' requires at least 1 and at most 2 arguments\n\nUsage:  docker port CONTAINER [PRIVATE_PORT[/PROTO]]\n\nRun 'docker port --help' for more information\n",
    ],
    [
      'cp a',
      1,
      "docker: 'docker cp' requires 2 arguments\n\nUsage:  docker cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH\n\nRun 'docker cp --help' for more information\n",
    ],
    [
      'container ls x',
      1,
      "docker: 'docker container ls' accepts no arguments\n\nUsage:  docker container ls [OPTIONS]\n\nRun 'docker container ls --help' for more information\n",
    ],
    [
      'container list -z',
      125,
      "unknown shorthand flag: 'z' in -z\n\nUsage:  docker container ls [OPTIONS]\n\nRun 'docker container ls --help' for more information\n",
    ],
    [
      'image ls --bogus',
      125,
      "unknown flag: --bogus\n\nUsage:  docker image ls [OPTIONS] [REPOSITORY[:TAG]]\n\nRun 'docker image ls --help' for more information\n",
    ],
    [
      'ps -n x',
      125,
      `invalid argument "x" for "-n, --last" flag: strconv.ParseInt: parsing "x": invalid syntax\n\n${PS_USAGE}\n\nRun 'docker ps --help' for more information\n`,
    ],
    [
      'ps --all=x',
      125,
      `invalid argument "x" for "-a, --all" flag: strconv.ParseBool: parsing "x": invalid syntax\n\n${PS_USAGE}\n\nRun 'docker ps --help' for more information\n`,
    ],
    [
      'ps --last',
      125,
      `flag needs an argument: --last\n\n${PS_USAGE}\n\nRun 'docker ps --help' for more information\n`,
    ],
    [
      'ps --filter foo',
      125,
      `invalid argument "foo" for "-f, --filter" flag: bad format of filter (expected name=value)\n\n${PS_USAGE}\n\nRun 'docker ps --help' for more information\n`,
    ],
    [
      'run -h',
      125,
      "flag needs an argument: 'h' in -h\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'docker run --help' for more information\n",
    ],
    [
      'exec x',
      1,
      "docker: 'docker exec' requires at least 2 arguments\n\nUsage:  docker exec [OPTIONS] CONTAINER COMMAND [ARG...]\n\nSee 'docker exec --help' for more information\n",
    ],
  ])('docker %s', async (line, status, err) => {
    expect(await cli(line)).toEqual({ status, out: '', err });
  });

  it('says plainly that a Docker command it lacks is not modelled', async () => {
    const { status, err } = await cli('network ls');
    expect(status).toBe(1);
    expect(err).toBe(
      "dockyard: 'docker network ls' is a Docker command that this simulation does not model yet\n",
    );
  });
});

describe('--help for a command', () => {
  it('prints the client help text of docker ps', async () => {
    const { status, out } = await cli('ps --help');
    expect(status).toBe(0);
    const lines = out.split('\n');
    expect(lines.slice(0, 8)).toEqual([
      PS_USAGE,
      '',
      'List containers',
      '',
      'Aliases:',
      '  docker container ls, docker container list, docker container ps, docker ps',
      '',
      'Options:',
    ]);
    expect(lines).toContain('  -n, --last int        Show n last created containers (includes all');
    expect(lines.at(-2)).toBe('  -s, --size            Display total file sizes');
  });

  it('notes the deprecated -h before the help, on standard output', async () => {
    const { out } = await cli('ps -h');
    expect(out.split('\n').slice(0, 2)).toEqual([
      'Flag shorthand -h has been deprecated, use --help',
      PS_USAGE,
    ]);
  });

  it('names the management form in its usage line when invoked that way', async () => {
    const { out } = await cli('container list --help');
    expect(out.split('\n')[0]).toBe('Usage:  docker container ls [OPTIONS]');
  });

  it('prints run --help with the --help line cobra adds when -h is taken', async () => {
    const { out } = await cli('run --help');
    expect(out).toContain('      --help                             Print usage\n');
    expect(out).toContain('  -h, --hostname string                  Container host name\n');
  });
});
