/**
 * Checks BuildKit makes while it converts a stage, after expanding an instruction's words and
 * before any step runs: EXPOSE port specifications (Docker's port-spec parser, the same one the
 * `docker run -p` client uses), STOPSIGNAL names and numbers, and where ADD `--checksum` may be
 * used. Each returns BuildKit's message, or undefined when the value is accepted.
 */

import { dispatchMessages } from './messages.ts';

/** `strconv.ParseUint(s, 10, 16)`. */
function parsePort(text: string): number | undefined {
  if (!/^[0-9]+$/.test(text)) {
    return undefined;
  }
  const value = Number(text);
  return value <= 65535 ? value : undefined;
}

/** `nat.ParsePortRange`: `80` or `8000-8010`; text after a second `-` is ignored, as in Go. */
function parsePortRange(text: string): [number, number] | undefined {
  if (text === '') {
    return undefined;
  }
  if (!text.includes('-')) {
    const port = parsePort(text);
    return port === undefined ? undefined : [port, port];
  }
  const [low = '', high = ''] = text.split('-');
  const start = parsePort(low);
  const end = parsePort(high);
  if (start === undefined || end === undefined || end < start) {
    return undefined;
  }
  return [start, end];
}

const ipv4 =
  /^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$/;

/** Go's `net.ParseIP`, closely enough: dotted IPv4, or IPv6 hex groups with at most one `::`. */
function isIpAddress(text: string): boolean {
  if (ipv4.test(text)) {
    return true;
  }
  if (!text.includes(':') || !/^[0-9a-fA-F:.]+$/.test(text)) {
    return false;
  }
  const doubled = text.split('::').length - 1;
  if (doubled > 1) {
    return false;
  }
  const groups = text.split(':').filter((group) => group !== '');
  const last = groups[groups.length - 1] ?? '';
  const tail = last.includes('.') ? (ipv4.test(last) ? 2 : -100) : 0;
  const hexGroups = last.includes('.') ? groups.slice(0, -1) : groups;
  if (!hexGroups.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))) {
    return false;
  }
  const count = hexGroups.length + tail;
  return doubled === 1 ? count < 8 : count === 8;
}

/** `nat.ParsePortSpec` for one EXPOSE word: `[ip:][hostPort:]containerPort[/proto]`. */
export function checkPortSpec(raw: string): string | undefined {
  const parts = raw.split(':');
  const count = parts.length;
  let containerPort = parts[count - 1]!;
  const hostPort = count >= 2 ? parts[count - 2]! : '';
  let ip = count === 3 ? parts[0]! : count > 3 ? parts.slice(0, count - 2).join(':') : '';

  let proto = '';
  const slashParts = containerPort.split('/');
  if (containerPort === '' || slashParts[0] === '') {
    containerPort = '';
  } else if (slashParts.length === 1) {
    proto = 'tcp';
  } else {
    proto = slashParts[1] === '' ? 'tcp' : slashParts[1]!;
    containerPort = slashParts[0]!;
  }

  if (ip.startsWith('[')) {
    const close = ip.indexOf(']');
    if (close < 0 || close !== ip.length - 1) {
      return dispatchMessages.invalidIp(ip);
    }
    ip = ip.slice(1, -1);
  }
  if (ip !== '' && !isIpAddress(ip)) {
    return dispatchMessages.invalidIp(ip);
  }
  if (containerPort === '') {
    return dispatchMessages.noPort(raw);
  }
  const range = parsePortRange(containerPort);
  if (range === undefined) {
    return dispatchMessages.invalidContainerPort(containerPort);
  }
  if (hostPort !== '') {
    const hostRange = parsePortRange(hostPort);
    if (hostRange === undefined) {
      return dispatchMessages.invalidHostPort(hostPort);
    }
    const width = range[1] - range[0];
    if (width !== hostRange[1] - hostRange[0] && width !== 0) {
      return dispatchMessages.invalidRanges(containerPort, hostPort);
    }
  }
  if (!['tcp', 'udp', 'sctp'].includes(proto.toLowerCase())) {
    return dispatchMessages.invalidProto(proto);
  }
  return undefined;
}

/** The names `moby/sys/signal` knows on Linux, without `SIG`. */
const signalNames = new Set([
  'ABRT',
  'ALRM',
  'BUS',
  'CHLD',
  'CLD',
  'CONT',
  'FPE',
  'HUP',
  'ILL',
  'INT',
  'IO',
  'IOT',
  'KILL',
  'PIPE',
  'POLL',
  'PROF',
  'PWR',
  'QUIT',
  'SEGV',
  'STKFLT',
  'STOP',
  'SYS',
  'TERM',
  'TRAP',
  'TSTP',
  'TTIN',
  'TTOU',
  'URG',
  'USR1',
  'USR2',
  'VTALRM',
  'WINCH',
  'XCPU',
  'XFSZ',
  'RTMIN',
  'RTMAX',
  ...Array.from({ length: 15 }, (_, i) => `RTMIN+${i + 1}`),
  ...Array.from({ length: 14 }, (_, i) => `RTMAX-${14 - i}`),
]);

/** `signal.ParseSignal`: a number other than 0, or a known name with or without `SIG`. */
export function checkStopSignal(value: string): string | undefined {
  if (/^[+-]?[0-9]+$/.test(value)) {
    // Go's strconv.Atoi: any 64-bit integer; only 0 is refused.
    const number = BigInt(value);
    const inRange = number >= -(2n ** 63n) && number < 2n ** 63n;
    return number === 0n || !inRange ? dispatchMessages.invalidSignal(value) : undefined;
  }
  const upper = value.toUpperCase();
  const name = upper.startsWith('SIG') ? upper.slice(3) : upper;
  return signalNames.has(name) ? undefined : dispatchMessages.invalidSignal(value);
}

const httpSource = /^https?:\/\//;
const gitSource = /^(git@|git:\/\/|ssh:\/\/)|\.git(#|$)/;

/** Where ADD `--checksum` may be used: one source, fetched over HTTP(S) or from Git. */
export function checkChecksumSources(sources: readonly string[]): string | undefined {
  if (sources.length !== 1) {
    return dispatchMessages.checksumMultipleSources;
  }
  const source = sources[0]!;
  return httpSource.test(source) || gitSource.test(source)
    ? undefined
    : dispatchMessages.checksumNeedsRemote;
}
