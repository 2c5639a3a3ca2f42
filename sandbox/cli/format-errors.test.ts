/**
 * `--format` mistakes, in the words and positions of the real 28.2 client. `docker ps` checks its
 * template on an empty row before it asks the daemon, so every expected line here was printed by
 * the real client with no engine running; the others follow the client's formatter and inspect
 * code (a failed execution is a "template parsing error" there too).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../api.ts';
import { createSandbox } from '../index.ts';
import { fakeEnvironment, runLine } from '../testing.ts';
import { applyTemplate } from './template.ts';

let sandbox: Sandbox;

beforeEach(async () => {
  sandbox = createSandbox({
    files: { Dockerfile: 'FROM alpine\nCMD ["sleep", "3600"]\n' },
    environment: fakeEnvironment(),
  });
  await runLine(sandbox, 'docker build -q -t app . > /dev/null');
  await runLine(sandbox, 'docker run -d --name web app > /dev/null');
});

const CONTEXT = 'in type *formatter.ContainerContext';

describe('docker ps --format checked before the listing', () => {
  it.each([
    ['{{', 'failed to parse template: template: :1: unclosed action'],
    ['x {{.ID}} {{', 'failed to parse template: template: :1: unclosed action'],
    ['{{.Names}', "failed to parse template: template: :1: bad character U+007D '}'"],
    ['{{.Names ^}}', 'failed to parse template: template: :1: unexpected "^" in operand'],
    ['{{"abc}}', 'failed to parse template: template: :1: unterminated quoted string'],
    ['{{if}}{{end}}', 'failed to parse template: template: :1: missing value for if'],
    ['{{range .Names}}', 'failed to parse template: template: :1: unexpected EOF'],
    ['{{end}}', 'failed to parse template: template: :1: unexpected {{end}}'],
    ['{{else}}', 'failed to parse template: template: :1: unexpected {{else}}'],
    ['{{$x}}', 'failed to parse template: template: :1: undefined variable "$x"'],
    [
      '{{.Nope}}',
      `failed to execute template: template: :1:2: executing "" at <.Nope>: can't evaluate field Nope ${CONTEXT}`,
    ],
    [
      'table {{.Nope}}',
      `failed to execute template: template: :1:8: executing "" at <.Nope>: can't evaluate field Nope ${CONTEXT}`,
    ],
    [
      '{{json .}}{{.Foo}}',
      `failed to execute template: template: :1:12: executing "" at <.Foo>: can't evaluate field Foo ${CONTEXT}`,
    ],
    [
      'a\n  {{.Nope}}',
      `failed to execute template: template: :2:4: executing "" at <.Nope>: can't evaluate field Nope ${CONTEXT}`,
    ],
    [
      '{{.Names | printf "%s" | upper}} {{ .ID.Foo }}',
      'failed to execute template: template: :1:39: executing "" at <.ID.Foo>: can\'t evaluate field Foo in type string',
    ],
    [
      '{{.Names.Foo.Bar}}',
      'failed to execute template: template: :1:8: executing "" at <.Names.Foo.Bar>: can\'t evaluate field Foo in type string',
    ],
    [
      '{{ range $i, $e := .Names }}{{$e.X}}{{end}}',
      'failed to execute template: template: :1:19: executing "" at <.Names>: range can\'t iterate over ',
    ],
    [
      '{{.Label}}',
      'failed to execute template: template: :1:2: executing "" at <.Label>: wrong number of args for Label: want 1 got 0',
    ],
    [
      '{{.ID}} {{index .Names 1}}',
      'failed to execute template: template: :1:10: executing "" at <index .Names 1>: error calling index: index out of range: 1',
    ],
    [
      '{{join .Names}}',
      'failed to execute template: template: :1:2: executing "" at <join>: wrong number of args for join: want 2 got 1',
    ],
    [
      '{{len 3}}',
      'failed to execute template: template: :1:2: executing "" at <len 3>: error calling len: len of type int',
    ],
  ])('refuses %j', async (format, message) => {
    const quoted = `'${format.replace(/\n/g, '\'"\n"\'')}'`;
    expect(await runLine(sandbox, `docker ps --format ${quoted}`)).toEqual({
      status: 1,
      output: `${message}\n`,
    });
  });

  it('accepts a template that runs on an empty row, such as a trailing pipe', async () => {
    expect(await runLine(sandbox, "docker ps --format '{{.Names | }}'")).toEqual({
      status: 0,
      output: 'web\n',
    });
  });

  it('warns that -q wins over --format, then prints the IDs', async () => {
    const result = await runLine(sandbox, "docker ps -q --format '{{.Names}}'");
    expect(result.status).toBe(0);
    expect(result.output).toMatch(
      /^WARNING: Ignoring custom format, because both --format and --quiet are set\.\n[0-9a-f]{12}\n$/,
    );
  });

  it('still checks the format when -q is given', async () => {
    expect(await runLine(sandbox, "docker ps -q --format '{{.Nope}}'")).toEqual({
      status: 1,
      output:
        'WARNING: Ignoring custom format, because both --format and --quiet are set.\n' +
        `failed to execute template: template: :1:2: executing "" at <.Nope>: can't evaluate field Nope ${CONTEXT}\n`,
    });
  });
});

describe('other listings and inspect', () => {
  it('words a failed execution in docker images as a template parsing error', async () => {
    expect(await runLine(sandbox, "docker images --format '{{.Nope}}'")).toEqual({
      status: 1,
      output:
        'template parsing error: template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.imageContext\n',
    });
  });
});

describe('docker inspect --format', () => {
  it('ends with status 64 on a template that does not parse, as the real client does', async () => {
    expect(await runLine(sandbox, "docker inspect -f '{{.Nope' web")).toEqual({
      status: 64,
      output: 'template parsing error: template: :1: unclosed action\n',
    });
  });

  it('retries a failed template on the JSON with missing keys as errors, and prints an empty line', async () => {
    expect(await runLine(sandbox, "docker inspect -f '{{.Config.Nope}}' web")).toEqual({
      status: 1,
      output:
        '\ntemplate parsing error: template: :1:9: executing "" at <.Config.Nope>: map has no entry for key "Nope"\n',
    });
  });

  it('prints what worked and then every error, in the order of the names', async () => {
    const result = await runLine(sandbox, "docker inspect -f '{{.Name}}' app web nope");
    expect(result).toEqual({
      status: 1,
      output:
        '/web\n' +
        'template parsing error: template: :1:2: executing "" at <.Name>: map has no entry for key "Name"\n' +
        'Error: No such object: nope\n',
    });
  });

  it('gives <no value> for a missing key of a map such as the labels', async () => {
    expect(await runLine(sandbox, "docker inspect -f '{{.Config.Labels.nope}}' web")).toEqual({
      status: 0,
      output: '<no value>\n',
    });
  });
});

describe('template positions', () => {
  it('keeps what was written before a failure, and places a chain at its second part', () => {
    expect(applyTemplate('a{{.X}}b{{.Y.Z}}', { X: 1, Y: 'text' })).toEqual({
      error: 'template: :1:12: executing "" at <.Y.Z>: can\'t evaluate field Z in type string',
      partial: 'a1b',
    });
  });

  it('fails on a missing key under missingkey=error', () => {
    expect(applyTemplate('{{.Config.Nope}}', { Config: {} }, { missingKeyError: true })).toEqual({
      error: 'template: :1:9: executing "" at <.Config.Nope>: map has no entry for key "Nope"',
      partial: '',
    });
  });
});

describe('docker version and info --format', () => {
  it('prints an empty line and the error for a field docker info does not have', async () => {
    // The real client without an engine prints the same two lines after its connection error.
    expect(await runLine(sandbox, "docker info --format '{{.Nope}}'")).toEqual({
      status: 1,
      output:
        '\ntemplate: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type system.dockerInfo\n',
    });
  });

  it('keeps what docker version printed before the failure, under the template name version', async () => {
    expect(
      await runLine(sandbox, "docker version --format 'v{{.Client.Version}} {{.Nope}}'"),
    ).toEqual({
      status: 1,
      output:
        'v28.2.2 \ntemplate: version:1:23: executing "version" at <.Nope>: can\'t evaluate field Nope in type system.versionInfo\n',
    });
  });

  it('ends with status 64 on a template that does not parse', async () => {
    expect(await runLine(sandbox, "docker version --format '{{'")).toEqual({
      status: 64,
      output: 'template parsing error: template: version:1: unclosed action\n',
    });
  });
});

describe('absurd templates', () => {
  it('stops a template that would run on and on, with a note instead of a hang', async () => {
    const result = await runLine(sandbox, "docker ps --format '{{range 100000000}}x{{end}}'");
    expect(result.status).toBe(1);
    expect(result.output).toMatch(/^dockyard: this template does more than the simulation lets/);
  });

  it('stops a printf width of a hundred million', async () => {
    const result = await runLine(sandbox, `docker inspect -f '{{printf "%0100000000d" 1}}' web`);
    expect(result.status).toBe(1);
    expect(result.output).toMatch(/^\ndockyard: this template does more/);
  });

  it('says so when blocks nest deeper than it can follow', async () => {
    const deep = `${'{{if 1}}'.repeat(20000)}x${'{{end}}'.repeat(20000)}`;
    const result = await runLine(sandbox, `docker ps --format '${deep}'`);
    expect(result).toEqual({
      status: 1,
      output:
        'dockyard: this template nests deeper than the simulation can follow; it was stopped\n',
    });
  });

  it('follows parentheses nested a hundred deep', () => {
    expect(applyTemplate(`{{${'('.repeat(100)}1${')'.repeat(100)}}}`, {})).toBe('1');
  });
});
