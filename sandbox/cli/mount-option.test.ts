import { describe, expect, it } from 'vitest';
import { parseMountOption } from './mount-option.ts';

// The messages are the Docker 28 client's own, printed for these values with no daemon running.
const refusals: Array<[string, string]> = [
  ['', 'EOF'],
  [' ', "invalid field ' ' must be a key=value pair"],
  ['type=bind', 'target is required'],
  ['src=v', 'target is required'],
  ['type=,target=/x', 'type is required'],
  ['type=volume,src=v,dst=/x,foo=bar', "unexpected key 'foo' in 'foo=bar'"],
  ['a=b=c', "unexpected key 'a' in 'a=b=c'"],
  ['type=volume,target', "invalid field 'target' must be a key=value pair"],
  ['type=volume,target=/x,,', "invalid field '' must be a key=value pair"],
  ['type=volume,target=/x,volume-opt', "invalid field 'volume-opt' must be a key=value pair"],
  ['type=bind,source=/tmp,target=/x,readonly=maybe', 'invalid value for readonly: maybe'],
  ['type=volume,target=/x,readonly=tRuE', 'invalid value for readonly: tRuE'],
  ['type=volume,target=/x,readonly=yes', 'invalid value for readonly: yes'],
  ['type=tmpfs,target=/x,tmpfs-size=abc', 'invalid value for tmpfs-size: abc'],
  ['type=tmpfs,target=/x,tmpfs-size=10q', 'invalid value for tmpfs-size: 10q'],
  ['type=tmpfs,target=/x,tmpfs-mode=9', 'invalid value for tmpfs-mode: 9'],
  ['type=tmpfs,target=/x,tmpfs-mode=0800', 'invalid value for tmpfs-mode: 0800'],
  ['type=tmpfs,target=/x,tmpfs-mode=', 'invalid value for tmpfs-mode: '],
  ['type=volume,target=/x,volume-nocopy=maybe', 'invalid value for volume-nocopy: maybe'],
  ['type=volume,target=/x,volume-nocopy=', 'invalid value for volume-nocopy: '],
  ['type=bind,target=/x,bind-nonrecursive=maybe', 'invalid value for bind-nonrecursive: maybe'],
  [
    'type=volume,target=/x,bind-recursive=foo',
    'invalid value for bind-recursive: foo (must be "enabled", "disabled", "writable", or "readonly")',
  ],
  [
    'type=bind,source=/tmp,target=/x,bind-recursive=readonly',
    "option 'bind-recursive=readonly' requires 'readonly' to be specified in conjunction",
  ],
  ['type=bind,target=/x,volume-nocopy', "cannot mix 'volume-*' options with mount type 'bind'"],
  [
    'TYPE=bind,source=/tmp,target=/x,volume-nocopy',
    "cannot mix 'volume-*' options with mount type 'bind'",
  ],
  [
    'type=bind,source=/tmp,target=/x,volume-driver=local',
    "cannot mix 'volume-*' options with mount type 'bind'",
  ],
  [
    'type=volume,target=/x,bind-propagation=rprivate',
    "cannot mix 'bind-*' options with mount type 'volume'",
  ],
  ['type=volume,target=/x,tmpfs-size=1m', "cannot mix 'tmpfs-*' options with mount type 'volume'"],
  [
    'type=bind,src=.,target=/x,readonly=1,image-subpath=a',
    "cannot mix 'image-*' options with mount type 'bind'",
  ],
  ['type="volume",target=/x', 'parse error on line 1, column 6: bare " in non-quoted-field'],
  ['type=volume,target="/x', 'parse error on line 1, column 20: bare " in non-quoted-field'],
  ['"target=/x', 'parse error on line 1, column 11: extraneous or missing " in quoted-field'],
  ['"tar"get=/x', 'parse error on line 1, column 5: extraneous or missing " in quoted-field'],
  ['"tar""get=/x",type=bind', `unexpected key 'tar"get' in 'tar"get=/x'`],
  ['tab\t=x', "unexpected key 'tab\t' in 'tab\t=x'"],
];

describe('parseMountOption', () => {
  it.each(refusals)('refuses %j in the client’s words', (value, message) => {
    expect(parseMountOption(value, '/home/learner')).toBe(message);
  });

  // Values the real client accepts and sends on to the daemon.
  it.each([
    ['type=foo,target=/x', { type: 'foo', source: '', target: '/x', readonly: false }],
    ['target=/x', { type: 'volume', source: '', target: '/x', readonly: false }],
    [
      'type=volume,volume-nocopy,target=/x',
      { type: 'volume', source: '', target: '/x', readonly: false },
    ],
    [
      'type=volume,target=/x,readonly=t',
      { type: 'volume', source: '', target: '/x', readonly: true },
    ],
    [
      'type=volume,target=/x,readonly,readonly=false',
      { type: 'volume', source: '', target: '/x', readonly: false },
    ],
    [
      'type=volume,target=/x,volume-label=a',
      { type: 'volume', source: '', target: '/x', readonly: false },
    ],
    [
      'type=tmpfs,target=/x,tmpfs-size=64m,tmpfs-mode=1777',
      { type: 'tmpfs', source: '', target: '/x', readonly: false },
    ],
    [
      'TYPE=BIND,"src=./site",dst=/app,ro',
      { type: 'bind', source: '/home/learner/site', target: '/app', readonly: true },
    ],
  ])('accepts %j', (value, request) => {
    expect(parseMountOption(value, '/home/learner')).toEqual(request);
  });
});
