import { describe, expect, it } from 'vitest';
import { parseInstructions } from './instructions.ts';
import { parseDockerfile } from './parser.ts';
import type { InstructionsResult } from './types.ts';

function read(text: string): InstructionsResult {
  return parseInstructions(parseDockerfile(text));
}

function errorOf(text: string): string | undefined {
  return read(text).error?.message;
}

describe('instruction-layer errors', () => {
  it('suggests FROM for FORM, in the case the user wrote', () => {
    expect(errorOf('FORM alpine\n')).toBe(
      'dockerfile parse error on line 1: unknown instruction: FORM (did you mean FROM?)',
    );
    expect(errorOf('FROM alpine\nrunn echo\n')).toBe(
      'dockerfile parse error on line 2: unknown instruction: runn (did you mean run?)',
    );
    expect(errorOf('FROM alpine\nCOPPY . .\n')).toBe(
      'dockerfile parse error on line 2: unknown instruction: COPPY (did you mean COPY?)',
    );
  });

  it('gives no suggestion when nothing is close', () => {
    expect(errorOf('FROM alpine\napt-get install x\n')).toBe(
      'dockerfile parse error on line 2: unknown instruction: apt-get',
    );
  });

  it('suggests a flag name without dashes', () => {
    expect(errorOf('FROM alpine\nCOPY --chwon=1 a b\n')).toBe(
      'dockerfile parse error on line 2: unknown flag: --chwon (did you mean chown?)',
    );
    expect(errorOf('FROM alpine\nRUN --mounts=type=cache,target=/x true\n')).toBe(
      'dockerfile parse error on line 2: unknown flag: --mounts (did you mean mount?)',
    );
  });

  it('rejects duplicate, valueless and non-boolean flags', () => {
    expect(errorOf('FROM alpine\nCOPY --chown=a --chown=b x y\n')).toBe(
      'dockerfile parse error on line 2: duplicate flag specified: --chown',
    );
    expect(errorOf('FROM alpine\nCOPY --chown x y\n')).toBe(
      'dockerfile parse error on line 2: missing a value on flag: --chown',
    );
    expect(errorOf('FROM alpine\nCOPY --link= x y\n')).toBe(
      'dockerfile parse error on line 2: missing a value on flag: --link',
    );
    expect(errorOf('FROM alpine\nCOPY --link=yes x y\n')).toBe(
      'dockerfile parse error on line 2: expecting boolean value for flag --link, not: yes',
    );
  });

  it('accepts repeated --exclude and boolean flags written in any case', () => {
    const result = read('FROM alpine\nCOPY --exclude=a --exclude=b --link=TRUE x y\n');
    const copy = result.stages[0]!.commands[0]!;
    expect(copy.kind === 'copy' && [copy.exclude, copy.link]).toEqual([['a', 'b'], true]);
  });

  it('needs a destination for COPY and ADD', () => {
    expect(errorOf('FROM alpine\n\n\nCOPY package.json\n')).toBe(
      'dockerfile parse error on line 4: COPY requires at least two arguments, but only one was provided. Destination could not be determined',
    );
    expect(errorOf('FROM alpine\nADD x\n')).toBe(
      'dockerfile parse error on line 2: ADD requires at least two arguments, but only one was provided. Destination could not be determined',
    );
  });

  it('checks FROM arguments and stage names', () => {
    expect(errorOf('FROM a b\n')).toBe(
      'dockerfile parse error on line 1: FROM requires either one or three arguments',
    );
    expect(errorOf('FROM alpine\nRUN true\n\n\nFROM alpine AS 1st\n')).toBe(
      'dockerfile parse error on line 5: invalid name for build stage: "1st", name can\'t start with a number or contain symbols',
    );
  });

  it('checks WORKDIR, USER and MAINTAINER arity', () => {
    expect(errorOf('FROM alpine\nWORKDIR\n')).toBe(
      'dockerfile parse error on line 2: WORKDIR requires exactly one argument',
    );
    expect(errorOf('FROM alpine\nUSER\n')).toBe(
      'dockerfile parse error on line 2: USER requires exactly one argument',
    );
  });

  it('reports ENV a=1 b as a parser error without a line prefix', () => {
    const result = read('FROM alpine\nENV a=1 b\n');
    expect(result.error).toMatchObject({
      message: 'Syntax error - can\'t find = in "b". Must be of the form: name=value',
      startLine: 2,
      endLine: 2,
    });
  });

  it('reports blank ENV, LABEL and ARG names', () => {
    expect(errorOf('FROM alpine\nENV =x\n')).toBe(
      'dockerfile parse error on line 2: ENV names can not be blank',
    );
    expect(errorOf('FROM alpine\nARG =x\n')).toBe(
      'dockerfile parse error on line 2: ARG names can not be blank',
    );
  });

  it('reports an unterminated heredoc over the lines it read', () => {
    const result = read('FROM alpine\nRUN <<EOF\necho hi\n');
    expect(result.error).toMatchObject({
      message: 'unterminated heredoc',
      code: 'UnterminatedHeredoc',
      startLine: 2,
      endLine: 3,
    });
  });

  it('needs a stage before other instructions', () => {
    expect(read('ARG V=1\nRUN echo\nFROM alpine\n').error).toMatchObject({
      message: 'no build stage in current context',
      startLine: 2,
    });
    expect(errorOf('ARG V=1\n')).toBe('dockerfile contains no stages to build');
  });

  it('checks SHELL and ONBUILD', () => {
    expect(errorOf('FROM alpine\nSHELL /bin/bash -c\n')).toBe(
      'dockerfile parse error on line 2: SHELL requires the arguments to be in JSON form',
    );
    expect(errorOf('FROM alpine\nSHELL []\n')).toBe(
      'dockerfile parse error on line 2: SHELL requires at least one argument',
    );
    expect(errorOf('FROM alpine\nONBUILD ONBUILD RUN x\n')).toBe(
      "dockerfile parse error on line 2: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
    );
    expect(errorOf('FROM alpine\nONBUILD from x\n')).toBe(
      "dockerfile parse error on line 2: FROM isn't allowed as an ONBUILD trigger",
    );
  });

  it('checks HEALTHCHECK types, durations and retries', () => {
    expect(errorOf('FROM a\nHEALTHCHECK NONE x\n')).toBe(
      'dockerfile parse error on line 2: HEALTHCHECK NONE takes no arguments',
    );
    expect(errorOf('FROM a\nHEALTHCHECK CMD\n')).toBe(
      'dockerfile parse error on line 2: Missing command after HEALTHCHECK CMD',
    );
    expect(errorOf('FROM a\nHEALTHCHECK CONNECT x\n')).toBe(
      'dockerfile parse error on line 2: Unknown type "CONNECT" in HEALTHCHECK (try CMD)',
    );
    expect(errorOf('FROM a\nHEALTHCHECK --interval=5 CMD true\n')).toBe(
      'dockerfile parse error on line 2: time: missing unit in duration "5"',
    );
    expect(errorOf('FROM a\nHEALTHCHECK --interval=5x CMD true\n')).toBe(
      'dockerfile parse error on line 2: time: unknown unit "x" in duration "5x"',
    );
    expect(errorOf('FROM a\nHEALTHCHECK --timeout=x CMD true\n')).toBe(
      'dockerfile parse error on line 2: time: invalid duration "x"',
    );
    expect(errorOf('FROM a\nHEALTHCHECK --interval=10us CMD true\n')).toBe(
      'dockerfile parse error on line 2: Interval "interval" cannot be less than 1ms',
    );
    expect(errorOf('FROM a\nHEALTHCHECK --retries=x CMD true\n')).toBe(
      'dockerfile parse error on line 2: strconv.ParseInt: parsing "x": invalid syntax',
    );
    expect(errorOf('FROM a\nHEALTHCHECK --retries=-1 CMD true\n')).toBe(
      'dockerfile parse error on line 2: --retries cannot be negative (-1)',
    );
  });

  it('stores HEALTHCHECK as Docker does', () => {
    const result = read('FROM a\nHEALTHCHECK --interval=1m30s --retries=3 CMD curl -f x\n');
    expect(result.stages[0]!.commands[0]).toMatchObject({
      kind: 'healthcheck',
      test: ['CMD-SHELL', 'curl -f x'],
      interval: 90_000_000_000,
      retries: 3,
    });
  });

  it('checks RUN --mount syntax, network and security at parse time', () => {
    expect(errorOf('FROM a\nRUN --mount=type=\\"cache\\" true\n')).toBe(
      'dockerfile parse error on line 2: failed to parse csv mounts: parse error on line 1, column 6: bare " in non-quoted-field',
    );
    expect(errorOf('FROM a\nRUN --mount=from=$X,target=/x true\n')).toBe(
      "dockerfile parse error on line 2: 'from' doesn't support variable expansion, define alias stage instead",
    );
    expect(errorOf('FROM a\nRUN --network=bridge true\n')).toBe(
      'dockerfile parse error on line 2: invalid network mode "bridge"',
    );
  });

  it('reads typed RUN mounts', () => {
    const result = read('FROM a\nRUN --mount=type=cache,target=/root/.npm npm ci\n');
    expect(result.stages[0]!.commands[0]).toMatchObject({
      kind: 'run',
      command: { form: 'shell', script: 'npm ci' },
      mounts: [{ type: 'cache', target: '/root/.npm', readonly: false }],
    });
  });

  it('groups instructions into stages and keeps meta ARGs apart', () => {
    const result = read(
      'ARG BASE=alpine\nFROM ${BASE} AS Build\nRUN make\nFROM scratch\nCOPY --from=build /out /\n',
    );
    expect(result.metaArgs.map((a) => a.args)).toEqual([
      [{ name: 'BASE', defaultValue: 'alpine' }],
    ]);
    expect(result.stages.map((s) => [s.index, s.name, s.from.image, s.commands.length])).toEqual([
      [0, 'build', '${BASE}', 1],
      [1, '', 'scratch', 1],
    ]);
    expect(result.warnings.map((w) => w.code)).toEqual(['StageNameCasing']);
  });

  it('stores the ONBUILD trigger text', () => {
    const result = read('FROM a\nONBUILD RUN echo hi\n');
    expect(result.stages[0]!.commands[0]).toMatchObject({
      kind: 'onbuild',
      trigger: 'RUN echo hi',
    });
  });
});

describe('instruction-layer checks', () => {
  it('reports FromAsCasing, MaintainerDeprecated and casing majority', () => {
    const result = read('FROM alpine as build\nMAINTAINER me\nrun true\n');
    expect(result.warnings.map((w) => [w.code, w.message, w.range.start.line])).toEqual([
      ['FromAsCasing', "'as' and 'FROM' keywords' casing do not match", 1],
      ['MaintainerDeprecated', 'Maintainer instruction is deprecated in favor of using label', 2],
      [
        'ConsistentInstructionCasing',
        "Command 'run' should match the case of the command majority (uppercase)",
        3,
      ],
    ]);
  });

  it('reports duplicate and reserved stage names', () => {
    const result = read('FROM a AS x\nFROM b AS x\nFROM c AS scratch\n');
    expect(result.warnings.map((w) => w.message)).toEqual([
      'Duplicate stage name "x", stage names should be unique',
      'Stage name should not use the same name as reserved stage "scratch"',
    ]);
  });

  it('reports an empty continuation line twice, once from the parser and once as a check', () => {
    const parse = parseDockerfile('FROM a\nRUN a \\\n\n  b\n');
    const result = parseInstructions(parse);
    expect(parse.warnings.map((w) => [w.code, w.range.start.line])).toEqual([
      ['NoEmptyContinuation', 4],
    ]);
    expect(result.warnings.map((w) => w.code)).toEqual(['NoEmptyContinuation']);
  });

  it('honours # check=skip', () => {
    const result = read('# check=skip=FromAsCasing\nFROM a as b\n');
    expect(result.warnings).toEqual([]);
  });

  it('rejects a malformed check directive', () => {
    expect(read('# check=skip\nFROM a\n').error).toMatchObject({
      message: 'invalid check option "skip"',
      startLine: 1,
    });
  });

  it('links every check to its documentation page', () => {
    const result = read('FROM alpine as build\n');
    expect(result.warnings[0]!.url).toBe(
      'https://docs.docker.com/go/dockerfile/rule/from-as-casing/',
    );
  });
});
