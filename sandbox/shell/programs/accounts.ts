import { dirEntry } from '../../fs/entry.ts';
import { mkdirp, readFile, walk, writeFile } from '../../fs/ops.ts';
import { simulationNote, type ProgramContext } from '../program.ts';
import { attempt, errnoText, type Errno } from './common.ts';

/**
 * Users and groups: Debian's `useradd`/`groupadd` (shadow-utils) and BusyBox's
 * `adduser`/`addgroup`, writing /etc/passwd, /etc/group (and /etc/shadow when the image has
 * one) so that `USER name`, `chown name` and `id` find them. Home directories are created with
 * `-m` (useradd) or unless `-H` (adduser), owned by the new user.
 */

interface Account {
  name: string;
  uid: number;
  gid: number;
  gecos: string;
  home: string;
  shell: string;
}

function table(context: ProgramContext, path: string): string[][] {
  const text = readFile(context.fs, path);
  if (['ENOENT', 'EISDIR', 'ENOTDIR', 'ELOOP'].includes(text)) return [];
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split(':'));
}

function appendLine(context: ProgramContext, path: string, line: string): Errno | undefined {
  const text = readFile(context.fs, path);
  const existing = ['ENOENT', 'EISDIR', 'ENOTDIR', 'ELOOP'].includes(text) ? '' : text;
  const joined = existing === '' || existing.endsWith('\n') ? existing : `${existing}\n`;
  const entry = context.fs.get(path);
  return attempt(() =>
    writeFile(context.fs, path, `${joined}${line}\n`, {
      mtime: context.now(),
      mode: entry?.mode,
    }),
  );
}

function groups(context: ProgramContext) {
  return table(context, '/etc/group');
}

function users(context: ProgramContext) {
  return table(context, '/etc/passwd');
}

function groupByName(context: ProgramContext, name: string): number | undefined {
  const row = groups(context).find((fields) => fields[0] === name);
  return row ? Number(row[2]) : undefined;
}

/** The first free id counting up from `low` (or down from `high` for system ids in Debian). */
function freeId(taken: Set<number>, from: number, to: number): number {
  const step = from <= to ? 1 : -1;
  for (let id = from; step > 0 ? id <= to : id >= to; id += step) if (!taken.has(id)) return id;
  return from;
}

function addGroup(context: ProgramContext, name: string, gid: number): Errno | undefined {
  const problem = appendLine(context, '/etc/group', `${name}:x:${gid}:`);
  if (problem) return problem;
  if (context.fs.get('/etc/gshadow')) return appendLine(context, '/etc/gshadow', `${name}:!::`);
  return undefined;
}

function addMember(context: ProgramContext, group: string, user: string): Errno | undefined {
  const lines = groups(context).map((fields) => {
    if (fields[0] !== group) return fields.join(':');
    const members = (fields[3] ?? '').split(',').filter(Boolean);
    if (!members.includes(user)) members.push(user);
    return [fields[0], fields[1], fields[2], members.join(',')].join(':');
  });
  return attempt(() =>
    writeFile(context.fs, '/etc/group', `${lines.join('\n')}\n`, { mtime: context.now() }),
  );
}

function addUser(context: ProgramContext, account: Account, shadow: string): Errno | undefined {
  const { name, uid, gid, gecos, home, shell } = account;
  const problem = appendLine(
    context,
    '/etc/passwd',
    `${name}:x:${uid}:${gid}:${gecos}:${home}:${shell}`,
  );
  if (problem) return problem;
  if (context.fs.get('/etc/shadow')) return appendLine(context, '/etc/shadow', `${name}:${shadow}`);
  return undefined;
}

/** Creates a home directory owned by the user, with the skeleton files of /etc/skel. */
function makeHome(context: ProgramContext, account: Account): Errno | undefined {
  return attempt(() => {
    const parent = account.home.slice(0, account.home.lastIndexOf('/')) || '/';
    const made = mkdirp(context.fs, parent, { mtime: context.now() });
    if (made) return made;
    if (context.fs.get(account.home)) return undefined;
    context.fs.set(account.home, {
      ...dirEntry(0o755, context.now()),
      uid: account.uid,
      gid: account.gid,
    });
    if (context.fs.get('/etc/skel')?.kind === 'dir') {
      for (const [path, entry] of walk(context.fs, '/etc/skel')) {
        context.fs.set(`${account.home}${path.slice('/etc/skel'.length)}`, {
          ...entry,
          uid: account.uid,
          gid: account.gid,
        });
      }
    }
    return undefined;
  });
}

function failWrite(context: ProgramContext, name: string, problem: Errno): number {
  context.io.stderr(`${name}: cannot lock /etc/passwd; try again later. (${errnoText(problem)})\n`);
  return 10;
}

// ---------------------------------------------------------------------------------------------
// Debian: groupadd, useradd

export function groupadd(context: ProgramContext): number {
  const args = context.argv.slice(1);
  let system = false;
  let gid: number | undefined;
  let force = false;
  let name: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-r' || arg === '--system') system = true;
    else if (arg === '-f' || arg === '--force') force = true;
    else if (arg === '-g' || arg === '--gid') gid = Number(args[++i]);
    else if (arg.startsWith('--gid=')) gid = Number(arg.slice(6));
    else if (/^-[rf]+$/.test(arg)) {
      system ||= arg.includes('r');
      force ||= arg.includes('f');
    } else if (arg === '-o' || arg === '--non-unique') continue;
    else if (arg.startsWith('-')) {
      context.io.stderr(`groupadd: invalid option -- '${arg.slice(1, 2)}'\n`);
      return 2;
    } else name = arg;
  }
  if (name === undefined) {
    context.io.stderr('Usage: groupadd [options] GROUP\n');
    return 2;
  }
  if (gid !== undefined && !Number.isInteger(gid)) {
    context.io.stderr(`groupadd: invalid group ID '${args[args.indexOf('-g') + 1]}'\n`);
    return 3;
  }
  const rows = groups(context);
  if (rows.some((fields) => fields[0] === name)) {
    if (force) return 0;
    context.io.stderr(`groupadd: group '${name}' already exists\n`);
    return 9;
  }
  const taken = new Set(rows.map((fields) => Number(fields[2])));
  if (gid !== undefined && taken.has(gid)) {
    context.io.stderr(`groupadd: GID '${gid}' already exists\n`);
    return 4;
  }
  const chosen = gid ?? (system ? freeId(taken, 999, 100) : freeId(taken, 1000, 60000));
  const problem = addGroup(context, name, chosen);
  return problem ? failWrite(context, 'groupadd', problem) : 0;
}

export function useradd(context: ProgramContext): number {
  const args = context.argv.slice(1);
  const long: Record<string, string> = {
    '--system': 'r',
    '--create-home': 'm',
    '--no-create-home': 'M',
    '--no-user-group': 'N',
    '--user-group': 'U',
    '--no-log-init': 'l',
    '--gid': 'g',
    '--uid': 'u',
    '--shell': 's',
    '--home-dir': 'd',
    '--home': 'd',
    '--comment': 'c',
    '--groups': 'G',
  };
  const flags = new Set<string>();
  const values = new Map<string, string>();
  let name: string | undefined;
  for (let i = 0; i < args.length; i++) {
    let arg = args[i]!;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const key = eq < 0 ? arg : arg.slice(0, eq);
      const letter = long[key];
      if (letter === undefined) {
        context.io.stderr(`useradd: unrecognized option '${arg}'\n`);
        return 2;
      }
      if ('gusdcG'.includes(letter))
        values.set(letter, eq < 0 ? (args[++i] ?? '') : arg.slice(eq + 1));
      else flags.add(letter);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      arg = arg.slice(1);
      for (let j = 0; j < arg.length; j++) {
        const letter = arg[j]!;
        if ('gusdcGKe'.includes(letter)) {
          values.set(letter, j + 1 < arg.length ? arg.slice(j + 1) : (args[++i] ?? ''));
          break;
        }
        if (!'rmMNUlo'.includes(letter)) {
          context.io.stderr(`useradd: invalid option -- '${letter}'\n`);
          return 2;
        }
        flags.add(letter);
      }
      continue;
    }
    name = arg;
  }
  if (name === undefined) {
    context.io.stderr(
      'Usage: useradd [options] LOGIN\n       useradd -D\n       useradd -D [options]\n',
    );
    return 2;
  }
  const rows = users(context);
  if (rows.some((fields) => fields[0] === name)) {
    context.io.stderr(`useradd: user '${name}' already exists\n`);
    return 9;
  }
  const system = flags.has('r');
  const uidText = values.get('u');
  const takenUids = new Set(rows.map((fields) => Number(fields[2])));
  if (uidText !== undefined && !/^\d+$/.test(uidText)) {
    context.io.stderr(`useradd: invalid user ID '${uidText}'\n`);
    return 3;
  }
  if (uidText !== undefined && takenUids.has(Number(uidText)) && !flags.has('o')) {
    context.io.stderr(`useradd: UID ${uidText} is not unique\n`);
    return 4;
  }
  const uid =
    uidText !== undefined
      ? Number(uidText)
      : system
        ? freeId(takenUids, 999, 100)
        : freeId(takenUids, 1000, 60000);
  let gid: number;
  const groupText = values.get('g');
  if (groupText !== undefined) {
    const found = /^\d+$/.test(groupText) ? Number(groupText) : groupByName(context, groupText);
    if (
      found === undefined ||
      (/^\d+$/.test(groupText) && !groups(context).some((f) => Number(f[2]) === found))
    ) {
      context.io.stderr(`useradd: group '${groupText}' does not exist\n`);
      return 6;
    }
    gid = found;
  } else if (flags.has('N')) {
    gid = 100;
  } else {
    if (groupByName(context, name) !== undefined) {
      context.io.stderr(
        `useradd: group ${name} exists - if you want to add this user to that group, use -g.\n`,
      );
      return 9;
    }
    const takenGids = new Set(groups(context).map((fields) => Number(fields[2])));
    gid = takenGids.has(uid)
      ? system
        ? freeId(takenGids, 999, 100)
        : freeId(takenGids, 1000, 60000)
      : uid;
    const problem = addGroup(context, name, gid);
    if (problem) return failWrite(context, 'useradd', problem);
  }
  for (const extra of (values.get('G') ?? '').split(',').filter(Boolean)) {
    if (groupByName(context, extra) === undefined) {
      context.io.stderr(`useradd: group '${extra}' does not exist\n`);
      return 6;
    }
  }
  const account: Account = {
    name,
    uid,
    gid,
    gecos: values.get('c') ?? '',
    home: values.get('d') ?? `/home/${name}`,
    shell: values.get('s') ?? '/bin/sh',
  };
  const day = Math.floor(context.now() / 86_400_000);
  const problem = addUser(context, account, system ? `!:${day}::::::` : `!:${day}:0:99999:7:::`);
  if (problem) return failWrite(context, 'useradd', problem);
  for (const extra of (values.get('G') ?? '').split(',').filter(Boolean))
    addMember(context, extra, name);
  if (flags.has('m')) {
    const failed = makeHome(context, account);
    if (failed) {
      context.io.stderr(`useradd: cannot create directory ${account.home}\n`);
      return 12;
    }
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// BusyBox: addgroup, adduser

export function addgroup(context: ProgramContext): number {
  const args = context.argv.slice(1);
  let gid: number | undefined;
  let system = false;
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-g' || arg === '--gid') gid = Number(args[++i]);
    else if (arg.startsWith('-g') && arg.length > 2) gid = Number(arg.slice(2));
    else if (arg === '-S' || arg === '--system') system = true;
    else if (arg.startsWith('-')) {
      context.io.stderr(`addgroup: unrecognized option: ${arg.replace(/^-+/, '')}\n`);
      return 1;
    } else operands.push(arg);
  }
  const [first, second] = operands;
  if (first === undefined) {
    context.io.stderr('Usage: addgroup [-g GID] [-S] [USER] GROUP\n');
    return 1;
  }
  if (second !== undefined) {
    if (!users(context).some((fields) => fields[0] === first)) {
      context.io.stderr(`addgroup: unknown user ${first}\n`);
      return 1;
    }
    if (groupByName(context, second) === undefined) {
      context.io.stderr(`addgroup: unknown group ${second}\n`);
      return 1;
    }
    const problem = addMember(context, second, first);
    return problem ? failWrite(context, 'addgroup', problem) : 0;
  }
  const rows = groups(context);
  if (rows.some((fields) => fields[0] === first)) {
    context.io.stderr(`addgroup: group '${first}' in use\n`);
    return 1;
  }
  const taken = new Set(rows.map((fields) => Number(fields[2])));
  if (gid !== undefined && taken.has(gid)) {
    context.io.stderr(`addgroup: gid '${gid}' in use\n`);
    return 1;
  }
  const chosen = gid ?? (system ? freeId(taken, 100, 999) : freeId(taken, 1000, 64999));
  const problem = addGroup(context, first, chosen);
  return problem ? failWrite(context, 'addgroup', problem) : 0;
}

export function adduser(context: ProgramContext): number {
  const args = context.argv.slice(1);
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j]!;
        if ('hgsGuk'.includes(letter)) {
          values.set(letter, j + 1 < arg.length ? arg.slice(j + 1) : (args[++i] ?? ''));
          break;
        }
        if (!'DHS'.includes(letter)) {
          context.io.stderr(`adduser: unrecognized option: ${letter}\n`);
          return 1;
        }
        flags.add(letter);
      }
      continue;
    }
    operands.push(arg);
  }
  const [name, group] = operands;
  if (name === undefined) {
    context.io.stderr('Usage: adduser [OPTIONS] USER [GROUP]\n');
    return 1;
  }
  if (group !== undefined) {
    // `adduser USER GROUP` adds an existing user to an existing group.
    if (groupByName(context, group) === undefined) {
      context.io.stderr(`adduser: unknown group ${group}\n`);
      return 1;
    }
    const problem = addMember(context, group, name);
    return problem ? failWrite(context, 'adduser', problem) : 0;
  }
  const rows = users(context);
  if (rows.some((fields) => fields[0] === name)) {
    context.io.stderr(`adduser: user '${name}' in use\n`);
    return 1;
  }
  const system = flags.has('S');
  const takenUids = new Set(rows.map((fields) => Number(fields[2])));
  const uidText = values.get('u');
  if (uidText !== undefined && takenUids.has(Number(uidText))) {
    context.io.stderr(`adduser: uid '${uidText}' in use\n`);
    return 1;
  }
  const uid =
    uidText !== undefined
      ? Number(uidText)
      : system
        ? freeId(takenUids, 100, 999)
        : freeId(takenUids, 1000, 64999);
  let gid: number;
  const groupName = values.get('G');
  if (groupName !== undefined) {
    const found = groupByName(context, groupName);
    if (found === undefined) {
      context.io.stderr(`adduser: unknown group ${groupName}\n`);
      return 1;
    }
    gid = found;
  } else if (system) {
    gid = groupByName(context, 'nogroup') ?? 65534;
  } else {
    const takenGids = new Set(groups(context).map((fields) => Number(fields[2])));
    gid = takenGids.has(uid) ? freeId(takenGids, 1000, 64999) : uid;
    const problem = addGroup(context, name, gid);
    if (problem) return failWrite(context, 'adduser', problem);
  }
  const account: Account = {
    name,
    uid,
    gid,
    gecos: values.get('g') ?? 'Linux User,,,',
    home: values.get('h') ?? `/home/${name}`,
    shell: values.get('s') ?? (system ? '/sbin/nologin' : '/bin/sh'),
  };
  const day = Math.floor(context.now() / 86_400_000);
  const problem = addUser(
    context,
    account,
    `${flags.has('D') || system ? '!' : '*'}:${day}:0:99999:7:::`,
  );
  if (problem) return failWrite(context, 'adduser', problem);
  if (groupName !== undefined) addMember(context, groupName, name);
  if (!flags.has('H')) {
    const failed = makeHome(context, account);
    if (failed) {
      context.io.stderr(`adduser: ${account.home}: ${errnoText(failed)}\n`);
      return 1;
    }
  }
  if (!flags.has('D') && !system) {
    simulationNote(
      context,
      'adduser-password',
      'adduser without -D asks for a password; passwords are not simulated, so the account has none',
    );
  }
  return 0;
}
