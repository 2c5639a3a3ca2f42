import { describe, expect, it } from 'vitest';
import { COMMANDS } from './commands.ts';
import {
  argumentCountError,
  FlagError,
  flagBool,
  flagErrorText,
  flagList,
  flagString,
  helpText,
  parseFlags,
  type ParsedFlags,
} from './flags.ts';

const run = COMMANDS.run!;
const ps = COMMANDS.ps!;
const stop = COMMANDS.stop!;

function parsed(spec = run, argv: string): ParsedFlags {
  const result = parseFlags(spec, argv === '' ? [] : argv.split(' '));
  if (result instanceof FlagError) throw new Error(result.message);
  return result;
}

function error(spec: typeof run, argv: string): string {
  const result = parseFlags(spec, argv.split(' '));
  if (!(result instanceof FlagError)) throw new Error(`no error for ${argv}`);
  return result.message;
}

describe('pflag corner cases', () => {
  it('names the unknown letter and the rest of a combined short-flag word', () => {
    expect(error(run, '-dz x')).toBe("unknown shorthand flag: 'z' in -z");
  });

  it('names both forms of a boolean flag when its value is not a Go bool', () => {
    expect(error(run, '--detach=yes x')).toBe(
      'invalid argument "yes" for "-d, --detach" flag: strconv.ParseBool: parsing "yes": invalid syntax',
    );
  });

  it('accepts -d=false and the bool spellings strconv.ParseBool knows', () => {
    expect(flagBool(parsed(run, '-d=false img'), 'detach')).toBe(false);
    expect(flagBool(parsed(run, '--rm=T img'), 'rm')).toBe(true);
  });

  it('says "requires at most" for commands with only an upper bound, with the real hint', () => {
    // The real 28.2 client prints "SRun" in this message, and only in this one.
    expect(argumentCountError(COMMANDS.images!, 2)).toBe(
      "'docker images' requires at most 1 argument\n\nUsage:  docker images [OPTIONS] [REPOSITORY[:TAG]]\n\nSRun 'docker images --help' for more information",
    );
  });
});

describe('parseFlags for docker run', () => {
  it.each([
    ['-d -p 8888:8080 web', { detach: true, publish: ['8888:8080'], args: ['web'] }],
    ['-dp 8888:8080 web', { detach: true, publish: ['8888:8080'], args: ['web'] }],
    ['-p8888:8080 web', { detach: false, publish: ['8888:8080'], args: ['web'] }],
    ['-p=8888:8080 web', { detach: false, publish: ['8888:8080'], args: ['web'] }],
    [
      '--publish=80:80 --publish 81:81 web',
      { detach: false, publish: ['80:80', '81:81'], args: ['web'] },
    ],
    ['--detach=false web', { detach: false, publish: [], args: ['web'] }],
    ['--detach=true web', { detach: true, publish: [], args: ['web'] }],
    ['web -d -p 1:1', { detach: false, publish: [], args: ['web', '-d', '-p', '1:1'] }],
    ['-d -- web ls -l', { detach: true, publish: [], args: ['web', 'ls', '-l'] }],
    ['-d - x', { detach: true, publish: [], args: ['-', 'x'] }],
  ])('reads %j', (argv, expected) => {
    const flags = parsed(run, argv);
    expect({
      detach: flagBool(flags, 'detach'),
      publish: flagList(flags, 'publish'),
      args: flags.args,
    }).toEqual(expected);
  });

  it.each([
    ['--name=web img', 'web'],
    ['--name web img', 'web'],
    ['--name= img', ''],
    ['--name a --name b img', 'b'],
  ])('takes the name from %j', (argv, name) => {
    expect(flagString(parsed(run, argv), 'name')).toBe(name);
  });

  it('collects every -e in order', () => {
    expect(flagList(parsed(run, '-e A=1 --env B=2 -eC=3 img'), 'env')).toEqual([
      'A=1',
      'B=2',
      'C=3',
    ]);
  });
});

// Messages as the docker 28 client prints them (`docker run -p`, `docker run -z x`, ...).
describe('parseFlags errors', () => {
  it.each([
    ['-p', "flag needs an argument: 'p' in -p"],
    ['-dp', "flag needs an argument: 'p' in -p"],
    ['--name', 'flag needs an argument: --name'],
    ['-z x', "unknown shorthand flag: 'z' in -z"],
    ['-zd x', "unknown shorthand flag: 'z' in -zd"],
    ['--bogus x', 'unknown flag: --bogus'],
    ['--bogus=1 x', 'unknown flag: --bogus'],
  ])('rejects docker run %j', (argv, message) => {
    expect(error(run, argv)).toBe(message);
  });

  it('rejects a non-number for an int flag', () => {
    expect(error(stop, '-t abc x')).toBe(
      'invalid argument "abc" for "-t, --timeout" flag: strconv.ParseInt: parsing "abc": invalid syntax',
    );
  });

  it('rejects an unknown flag of docker ps', () => {
    expect(error(ps, '-a -q --bogus')).toBe('unknown flag: --bogus');
  });

  it('prints the usage and the help hint after the message', () => {
    expect(flagErrorText(run, new FlagError('unknown flag: --bogus'))).toBe(
      [
        'unknown flag: --bogus',
        '',
        'Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]',
        '',
        "Run 'docker run --help' for more information",
      ].join('\n'),
    );
  });
});

describe('argumentCountError', () => {
  it('accepts a count inside the range', () => {
    expect(argumentCountError(run, 1)).toBeUndefined();
    expect(argumentCountError(ps, 0)).toBeUndefined();
  });

  it.each([
    [
      run,
      0,
      "'docker run' requires at least 1 argument\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nSee 'docker run --help' for more information",
    ],
    [
      ps,
      1,
      "'docker ps' accepts no arguments\n\nUsage:  docker ps [OPTIONS]\n\nRun 'docker ps --help' for more information",
    ],
    [
      COMMANDS['volume rm']!,
      0,
      "'docker volume rm' requires at least 1 argument\n\nUsage:  docker volume rm [OPTIONS] VOLUME [VOLUME...]\n\nSee 'docker volume rm --help' for more information",
    ],
  ])('words the complaint for %#', (spec, count, expected) => {
    expect(argumentCountError(spec, count)).toBe(expected);
  });
});

describe('help text written from a spec', () => {
  it('wraps long descriptions at 80 columns as pflag does, under the description column', () => {
    const spec = {
      path: 'demo',
      usage: 'docker demo [OPTIONS]',
      description: 'Demo',
      minArgs: 0,
      maxArgs: 0,
      interspersed: true,
      flags: [
        {
          long: 'last',
          short: 'n',
          kind: 'int' as const,
          valueName: 'int',
          description: 'Show n last created containers (includes all states) (default -1)',
        },
        { long: 'format', kind: 'string' as const, valueName: 'string', description: 'Format' },
      ],
    };
    // The same flag as in the real client's `docker ps --help`, wrapped at the same word.
    expect(helpText(spec).split('\n').slice(-3)).toEqual([
      '      --format string   Format',
      '  -n, --last int        Show n last created containers (includes all',
      '                        states) (default -1)',
    ]);
  });

  it("lays out docker build's help as buildx's, ending with its hint about hidden flags", () => {
    const lines = helpText(COMMANDS.build!).split('\n');
    expect(lines.slice(0, 7)).toEqual([
      'Usage:  docker buildx build [OPTIONS] PATH | URL | -',
      '',
      'Start a build',
      '',
      'Aliases:',
      '  docker build, docker builder build, docker image build, docker buildx b',
      '',
    ]);
    expect(lines[7]).toBe('Options:');
    expect(lines.slice(-2)).toEqual([
      '',
      'Experimental commands and flags are hidden. Set BUILDX_EXPERIMENTAL=1 to show them.',
    ]);
  });
});

describe('sizes and CPU counts', () => {
  const run = COMMANDS.run!;
  // Each expected line is what the real 28.2 client prints, before it asks any daemon.
  it.each([
    ['-m', '1x', `invalid argument "1x" for "-m, --memory" flag: invalid suffix: 'x'`],
    ['-m', 'abc', `invalid argument "abc" for "-m, --memory" flag: invalid size: 'abc'`],
    ['-m', '10kbb', `invalid argument "10kbb" for "-m, --memory" flag: invalid suffix: 'kbb'`],
    ['-m', '-5', `invalid argument "-5" for "-m, --memory" flag: invalid size: '-5'`],
    ['-m', '', `invalid argument "" for "-m, --memory" flag: invalid size: ''`],
    [
      '-m',
      '1b2',
      'invalid argument "1b2" for "-m, --memory" flag: strconv.ParseFloat: parsing "1b2": invalid syntax',
    ],
    ['--shm-size', '2q', `invalid argument "2q" for "--shm-size" flag: invalid suffix: 'q'`],
    [
      '--cpus',
      'abc',
      'invalid argument "abc" for "--cpus" flag: failed to parse abc as a rational number',
    ],
    [
      '--cpus',
      'x/2',
      'invalid argument "x/2" for "--cpus" flag: failed to parse x/2 as a rational number',
    ],
    [
      '--cpus',
      '1.0000000001',
      'invalid argument "1.0000000001" for "--cpus" flag: value is too precise',
    ],
  ])('refuses %s %j', (name, value, message) => {
    const parsed = parseFlags(run, [name, value, 'alpine']);
    expect(parsed).toBeInstanceOf(FlagError);
    expect((parsed as FlagError).message).toBe(message);
  });

  it.each([
    ['-m', '1.5g'],
    ['-m', '10MB'],
    ['-m', '10mib'],
    ['--memory-swap', '-1'],
    ['--cpus', '1/2'],
    ['--cpus', '1.5'],
    ['--cpus', '1e3'],
  ])('takes %s %j', (name, value) => {
    expect(parseFlags(run, [name, value, 'alpine'])).not.toBeInstanceOf(FlagError);
  });
});
