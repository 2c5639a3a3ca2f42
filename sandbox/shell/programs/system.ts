import { readFile } from '../../fs/ops.ts';
import type { ProgramContext } from '../program.ts';
import { resolveCommand } from '../resolve.ts';
import { findUser, groupName, parseOptions, userName, type Flavor } from './common.ts';

/** Programs that report on the process and the machine: env, id, uname, which, date, ... */

export async function env(context: ProgramContext): Promise<number> {
  const args = context.argv.slice(1);
  let environment: Record<string, string> = { ...context.env };
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-i' || arg === '-' || arg === '--ignore-environment') environment = {};
    else if (arg === '-u') delete environment[args[++i] ?? ''];
    else if (arg.startsWith('-u')) delete environment[arg.slice(2)];
    else if (arg === '--') {
      i++;
      break;
    } else if (arg.startsWith('-') && arg.length > 1) {
      context.io.stderr(
        `env: invalid option -- '${arg[1]}'\nTry 'env --help' for more information.\n`,
      );
      return 125;
    } else break;
  }
  for (; i < args.length && /^[^=]+=/.test(args[i]!); i++) {
    const arg = args[i]!;
    const eq = arg.indexOf('=');
    environment[arg.slice(0, eq)] = arg.slice(eq + 1);
  }
  const command = args.slice(i);
  if (command.length === 0) {
    const lines = Object.entries(environment).map(([key, value]) => `${key}=${value}\n`);
    context.io.stdout(lines.join(''));
    return 0;
  }
  const found = resolveCommand(context.fs, command[0]!, environment, context.cwd);
  if (found.kind === 'not-found') {
    context.io.stderr(`env: '${command[0]}': No such file or directory\n`);
    return 127;
  }
  if (found.kind === 'not-executable') {
    context.io.stderr(`env: '${command[0]}': Permission denied\n`);
    return 126;
  }
  return context.spawn(command, { env: environment });
}

export function printenv(context: ProgramContext): number {
  const names = context.argv.slice(1).filter((arg) => !arg.startsWith('-'));
  if (names.length === 0) {
    const lines = Object.entries(context.env).map(([key, value]) => `${key}=${value}\n`);
    context.io.stdout(lines.join(''));
    return 0;
  }
  let status = 0;
  for (const name of names) {
    const value = context.env[name];
    if (value === undefined) status = 1;
    else context.io.stdout(`${value}\n`);
  }
  return status;
}

export function whoami(context: ProgramContext, flavor: Flavor): number {
  const name = userName(context.fs, context.user.uid);
  if (name === undefined) {
    context.io.stderr(
      flavor === 'busybox'
        ? `whoami: unknown uid ${context.user.uid}\n`
        : `whoami: cannot find name for user ID ${context.user.uid}\n`,
    );
    return 1;
  }
  context.io.stdout(`${name}\n`);
  return 0;
}

function supplementaryGroups(context: ProgramContext, user: string, primary: number): number[] {
  const groups = [primary];
  const text = readFile(context.fs, '/etc/group');
  // A uid with no passwd entry has no name to be a member by: only its primary group.
  if (user === '') return groups;
  if (text === 'ENOENT' || text === 'EISDIR' || text === 'ENOTDIR' || text === 'ELOOP')
    return groups;
  for (const line of text.split('\n')) {
    const fields = line.split(':');
    if (fields.length < 4 || !/^\d+$/.test(fields[2]!)) continue;
    const members = fields[3]!.split(',');
    const gid = Number(fields[2]);
    if (members.includes(user) && !groups.includes(gid)) groups.push(gid);
  }
  return groups;
}

export function id(context: ProgramContext, flavor: Flavor): number {
  const options = parseOptions(context, context.argv.slice(1), {
    flags: 'ugGnr',
    long: { user: 'u', group: 'g', groups: 'G', name: 'n' },
  });
  if (!options) return 1;
  let uid = context.user.uid;
  let gid = context.user.gid;
  const operand = options.operands[0];
  if (operand !== undefined) {
    const found = findUser(context.fs, operand);
    if (!found) {
      context.io.stderr(
        flavor === 'busybox' ? `id: unknown user ${operand}\n` : `id: '${operand}': no such user\n`,
      );
      return 1;
    }
    uid = found.uid;
    gid = found.gid;
  }
  const user = userName(context.fs, uid);
  const label = (number: number, name: string | undefined) =>
    name === undefined ? String(number) : `${number}(${name})`;
  const groups = supplementaryGroups(context, user ?? '', gid);
  const named = options.flags.has('n');
  if (options.flags.has('u')) {
    context.io.stdout(`${named ? (user ?? uid) : uid}\n`);
  } else if (options.flags.has('g')) {
    context.io.stdout(`${named ? (groupName(context.fs, gid) ?? gid) : gid}\n`);
  } else if (options.flags.has('G')) {
    const shown = groups.map((g) => (named ? (groupName(context.fs, g) ?? String(g)) : String(g)));
    context.io.stdout(`${shown.join(' ')}\n`);
  } else {
    const list = groups.map((g) => label(g, groupName(context.fs, g))).join(',');
    context.io.stdout(
      `uid=${label(uid, user)} gid=${label(gid, groupName(context.fs, gid))} groups=${list}\n`,
    );
  }
  return 0;
}

/** The container's host name: /etc/hostname, as Docker writes it for each container. */
export function machineName(context: ProgramContext): string {
  const text = readFile(context.fs, '/etc/hostname');
  if (text !== 'ENOENT' && text !== 'EISDIR' && text !== 'ENOTDIR' && text !== 'ELOOP') {
    const name = text.trim();
    if (name) return name;
  }
  return context.env.HOSTNAME ?? 'localhost';
}

export function hostname(context: ProgramContext): number {
  const args = context.argv.slice(1);
  if (args.includes('-i') || args.includes('-I')) {
    const addresses = (context.net?.addresses ?? ['127.0.0.1']).filter(
      (address) => args.includes('-i') || address !== '127.0.0.1',
    );
    context.io.stdout(`${addresses.join(' ')}${args.includes('-I') ? ' ' : ''}\n`);
    return 0;
  }
  context.io.stdout(`${machineName(context)}\n`);
  return 0;
}

/** What `uname` reports: the kernel of Docker Desktop's Linux VM on an x86-64 machine. */
const KERNEL = {
  s: 'Linux',
  r: '6.10.14-linuxkit',
  v: '#1 SMP Fri Nov 29 17:22:03 UTC 2024',
  m: 'x86_64',
  o: 'GNU/Linux',
};

export function uname(context: ProgramContext): number {
  const options = parseOptions(context, context.argv.slice(1), {
    flags: 'asnrvmpio',
    long: {
      all: 'a',
      'kernel-name': 's',
      nodename: 'n',
      'kernel-release': 'r',
      'kernel-version': 'v',
      machine: 'm',
      'operating-system': 'o',
    },
  });
  if (!options) return 1;
  const flags = options.flags;
  const all = flags.has('a');
  const parts: string[] = [];
  if (all || flags.has('s') || flags.size === 0) parts.push(KERNEL.s);
  if (all || flags.has('n')) parts.push(machineName(context));
  if (all || flags.has('r')) parts.push(KERNEL.r);
  if (all || flags.has('v')) parts.push(KERNEL.v);
  if (all || flags.has('m')) parts.push(KERNEL.m);
  if (!all && flags.has('p')) parts.push('unknown');
  if (!all && flags.has('i')) parts.push('unknown');
  if (all || flags.has('o')) parts.push(KERNEL.o);
  context.io.stdout(`${parts.join(' ')}\n`);
  return 0;
}

export function which(context: ProgramContext): number {
  const args = context.argv.slice(1);
  const all = args.includes('-a');
  let status = 0;
  for (const name of args.filter((arg) => !arg.startsWith('-'))) {
    const dirs = name.includes('/') ? [''] : (context.env.PATH ?? '').split(':');
    let found = false;
    for (const dir of dirs) {
      const candidate = dir === '' ? name : `${dir}/${name}`;
      const result = resolveCommand(context.fs, candidate, context.env, context.cwd);
      if (result.kind === 'not-found' || result.kind === 'not-executable') continue;
      context.io.stdout(`${candidate}\n`);
      found = true;
      if (!all) break;
    }
    if (!found) status = 1;
  }
  return status;
}

export function basenameProgram(context: ProgramContext): number {
  const [path, suffix] = context.argv.slice(1);
  if (path === undefined) {
    context.io.stderr(`basename: missing operand\nTry 'basename --help' for more information.\n`);
    return 1;
  }
  const trimmed = path.replace(/\/+$/, '');
  let base =
    trimmed === '' ? (path === '' ? '' : '/') : trimmed.slice(trimmed.lastIndexOf('/') + 1);
  if (suffix && base !== suffix && base.endsWith(suffix)) base = base.slice(0, -suffix.length);
  context.io.stdout(`${base}\n`);
  return 0;
}

export function dirnameProgram(context: ProgramContext): number {
  const operands = context.argv.slice(1);
  if (operands.length === 0) {
    context.io.stderr(`dirname: missing operand\nTry 'dirname --help' for more information.\n`);
    return 1;
  }
  for (const path of operands) {
    const trimmed = path.replace(/\/+$/, '');
    const slash = trimmed.lastIndexOf('/');
    let dir = slash < 0 ? '.' : trimmed.slice(0, slash).replace(/\/+$/, '');
    if (slash === 0 || (dir === '' && path.startsWith('/'))) dir = '/';
    context.io.stdout(`${dir}\n`);
  }
  return 0;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `date` in UTC (containers have no time zone set): the default format or `+FORMAT`. */
export function date(context: ProgramContext): number {
  const format = context.argv.slice(1).find((arg) => arg.startsWith('+'));
  const now = new Date(context.now());
  const two = (n: number) => String(n).padStart(2, '0');
  const fields: Record<string, () => string> = {
    Y: () => String(now.getUTCFullYear()),
    m: () => two(now.getUTCMonth() + 1),
    d: () => two(now.getUTCDate()),
    e: () => String(now.getUTCDate()).padStart(2, ' '),
    H: () => two(now.getUTCHours()),
    M: () => two(now.getUTCMinutes()),
    S: () => two(now.getUTCSeconds()),
    s: () => String(Math.floor(now.getTime() / 1000)),
    a: () => DAYS[now.getUTCDay()]!,
    b: () => MONTHS[now.getUTCMonth()]!,
    Z: () => 'UTC',
    z: () => '+0000',
    F: () => `${fields.Y!()}-${fields.m!()}-${fields.d!()}`,
    T: () => `${fields.H!()}:${fields.M!()}:${fields.S!()}`,
    n: () => '\n',
    '%': () => '%',
  };
  const render = (text: string) =>
    text.replace(/%(.)/g, (all, letter: string) => fields[letter]?.() ?? all);
  const text = format ? render(format.slice(1)) : render('%a %b %e %H:%M:%S %Z %Y');
  context.io.stdout(`${text}\n`);
  return 0;
}
