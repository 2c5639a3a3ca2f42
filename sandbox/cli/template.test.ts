import { describe, expect, it } from 'vitest';
import { applyTemplate, goJson, goString } from './template.ts';

const container = {
  Name: '/web',
  State: { Status: 'running', Running: true, ExitCode: 0 },
  Config: {
    Cmd: ['http-server', '-p', '8080'],
    Env: ['PATH=/usr/bin', 'NODE_VERSION=22'],
    Labels: { 'org.example.b': '2', 'org.example.a': '1' },
  },
  Mounts: [
    { Type: 'volume', Source: '/var/lib/docker/volumes/data/_data', Destination: '/data' },
    { Type: 'bind', Source: '/home/learner/site', Destination: '/app' },
  ],
};

// Expected texts follow Go's text/template and fmt, as `docker inspect --format` prints them.
describe('applyTemplate', () => {
  it.each([
    ['{{.Name}}', '/web'],
    ['{{ .State.Status }}', 'running'],
    ['{{.State.Running}}', 'true'],
    ['{{.State.ExitCode}}', '0'],
    ['status={{.State.Status}}!', 'status=running!'],
    ['{{.Config.Cmd}}', '[http-server -p 8080]'],
    ['{{json .Config.Cmd}}', '["http-server","-p","8080"]'],
    ['{{.Config.Labels}}', 'map[org.example.a:1 org.example.b:2]'],
    ['{{range .Config.Env}}{{.}};{{end}}', 'PATH=/usr/bin;NODE_VERSION=22;'],
    ['{{range .Mounts}}{{.Destination}} {{end}}', '/data /app '],
    ['{{upper .State.Status}}', 'RUNNING'],
    ['{{json .State}}', '{"Status":"running","Running":true,"ExitCode":0}'],
  ])('renders %j as %j', (template, expected) => {
    expect(applyTemplate(template, container)).toBe(expected);
  });

  it.each([
    ['{{nope .Name}}', 'template: :1: function "nope" not defined'],
    ['{{end}}', 'template: :1: unexpected {{end}}'],
    ['{{range .Mounts}}x', 'template: :1: unexpected EOF'],
  ])('fails %j with %j', (template, message) => {
    expect(applyTemplate(template, container)).toEqual({ error: message });
  });
});

describe('goString', () => {
  it.each([
    [null, '<nil>'],
    [['a', 'b'], '[a b]'],
    [{ Type: 'bind', RW: true }, '{bind true}'],
    [{ b: 1, a: [2, 3] }, 'map[a:[2 3] b:1]'],
    [{ '80/tcp': [{ HostIp: '', HostPort: '8080' }] }, 'map[80/tcp:[{ 8080}]]'],
  ])('prints %j as %j', (value, expected) => {
    expect(goString(value)).toBe(expected);
  });
});

describe('goJson', () => {
  it('escapes <, > and & as Go does', () => {
    expect(goJson({ html: '<a href="x">&</a>' })).toBe(
      '{"html":"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e"}',
    );
  });
});

describe('Go template details', () => {
  it('prints a missing map key as <no value>', () => {
    expect(applyTemplate('{{.Config.Labels.foo}}', { Config: { Labels: { bar: '1' } } })).toBe(
      '<no value>',
    );
  });

  it('reports an action left open', () => {
    expect(applyTemplate('{{.Name', { Name: 'web' })).toEqual({
      error: 'template: :1: unclosed action',
    });
  });

  it('counts list items with len', () => {
    expect(applyTemplate('{{len .Mounts}}', { Mounts: [{}, {}] })).toBe('2');
  });

  it('trims white space next to {{- and -}}', () => {
    expect(applyTemplate('a  {{- .Name -}}  b', { Name: 'web' })).toBe('awebb');
  });
});

// Each expectation is what Go 1.24's text/template prints for the same template and data.
describe('pipelines, functions and control', () => {
  const data = {
    Names: 'web',
    Ports: ['80/tcp', '443/tcp'],
    Config: { ExposedPorts: { '8080/tcp': {} }, Labels: {} as Record<string, string> },
    NetworkSettings: {
      Ports: {
        '80/tcp': [
          { HostIp: '0.0.0.0', HostPort: '8080' },
          { HostIp: '::', HostPort: '8080' },
        ],
      },
    },
    Mounts: [
      {
        Type: 'volume',
        Name: 'abc',
        Source: '/var/lib/docker/volumes/abc/_data',
        Destination: '/app',
        Driver: 'local',
        Mode: '',
        RW: true,
        Propagation: '',
      },
    ],
    Count: 3,
  };
  it.each([
    ['{{.Config.ExposedPorts}}', 'map[8080/tcp:{}]'],
    ['{{json .Config.ExposedPorts}}', '{"8080/tcp":{}}'],
    ['{{.Config.Labels}}', 'map[]'],
    ['{{.NetworkSettings.Ports}}', 'map[80/tcp:[{0.0.0.0 8080} {:: 8080}]]'],
    ['{{.Mounts}}', '[{volume abc /var/lib/docker/volumes/abc/_data /app local  true }]'],
    ['{{join .Ports ", "}}', '80/tcp, 443/tcp'],
    ['{{index .Ports 1}}', '443/tcp'],
    ['{{(index .NetworkSettings.Ports "80/tcp" 0).HostPort}}', '8080'],
    ['{{index (index .NetworkSettings.Ports "80/tcp") 0}}', '{0.0.0.0 8080}'],
    ['{{printf "%-6s|%5d|%q" .Names .Count .Names}}', 'web   |    3|"web"'],
    ['{{.Names | upper}}', 'WEB'],
    ['{{if eq .Names "web"}}yes{{else}}no{{end}}', 'yes'],
    ['{{if .Config.Labels}}labels{{else if .Ports}}ports{{end}}', 'ports'],
    ['{{range $i, $p := .Ports}}{{$i}}={{$p}} {{end}}', '0=80/tcp 1=443/tcp '],
    [
      '{{range $k, $v := .NetworkSettings.Ports}}{{$k}}->{{(index $v 0).HostPort}}{{end}}',
      '80/tcp->8080',
    ],
    ['{{range .Config.Labels}}x{{else}}none{{end}}', 'none'],
    ['{{with .Mounts}}{{len .}}{{end}}', '1'],
    ['{{/* note */}}{{len .Ports}}', '2'],
    ['{{$n := .Names}}{{$n}}!', 'web!'],
    ['{{split "a:b" ":"}}', '[a b]'],
    ['{{println .Names}}', 'web\n'],
    ['{{print .Count .Count}}', '3 3'],
    ['{{.Names}} {{$.Count}}', 'web 3'],
  ])('renders %j as %j', (template, expected) => {
    expect(applyTemplate(template, data)).toBe(expected);
  });

  it.each([
    ['{{if}}', 'template: :1: missing value for if'],
    ['{{.Names | nope}}', 'template: :1: function "nope" not defined'],
  ])('refuses to parse %j: %j', (template, message) => {
    expect(applyTemplate(template, data)).toEqual({ error: message });
  });

  it('names the Go type when a struct lacks a field, as docker ps --format does', () => {
    expect(applyTemplate('{{.Nope}}', data, { typeName: '*formatter.ContainerContext' })).toEqual({
      error:
        'template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.ContainerContext',
      partial: '',
    });
  });

  it('prints <no value> for a missing field of an inspected object', () => {
    expect(applyTemplate('{{.Nope}}', data)).toBe('<no value>');
  });
});
