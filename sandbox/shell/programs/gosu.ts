import { execute } from '../execute.ts';
import type { ProgramContext } from '../program.ts';
import { resolveCommand } from '../resolve.ts';
import { readText } from './common.ts';
import { downloadUrl } from './downloads.ts';

/**
 * `gosu USER[:GROUP] COMMAND...` and Alpine's `su-exec`: run a command as another user, as the
 * official images' entrypoints do to drop root. The user comes from /etc/passwd (or numbers);
 * HOME follows the user.
 */

function table(context: ProgramContext, file: string): string[][] {
  const text = readText(context, file);
  if (['ENOENT', 'EISDIR', 'ENOTDIR', 'ELOOP'].includes(text)) return [];
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(':'));
}

/** The gosu release a downloaded stand-in came from (…/download/1.17/gosu-amd64). */
function gosuVersion(context: ProgramContext): string {
  const found = resolveCommand(context.fs, context.argv[0] ?? 'gosu', context.env, context.cwd);
  const self = 'path' in found ? readText(context, found.path) : '';
  const url = typeof self === 'string' ? downloadUrl(self) : undefined;
  return /\/download\/([\d.]+)\//.exec(url ?? '')?.[1] ?? '1.17';
}

function switchUser(context: ProgramContext, name: string): number | Promise<number> {
  const args = context.argv.slice(1);
  if (name === 'gosu' && (args[0] === '--version' || args[0] === '-v')) {
    context.io.stdout(`${gosuVersion(context)} (go1.18.2 on linux/amd64; gc)\n`);
    return 0;
  }
  const [spec, ...command] = args;
  if (spec === undefined || command.length === 0) {
    context.io.stderr(
      name === 'gosu'
        ? `Usage: gosu user-spec command [args]\n   eg: gosu tianon bash\n       gosu nobody:root bash -c 'whoami && id'\n       gosu 1000:1 id\n\ngosu version: ${gosuVersion(context)} (go1.18.2 on linux/amd64; gc)\nlicense: Apache-2.0 (full text at https://github.com/tianon/gosu)\n\n`
        : 'Usage: su-exec user-spec command [args]\n',
    );
    return 1;
  }
  const [userPart, groupPart] = spec.split(':', 2) as [string, string | undefined];
  const passwd = table(context, '/etc/passwd');
  const row = /^\d+$/.test(userPart)
    ? (passwd.find((fields) => fields[2] === userPart) ?? [
        userPart,
        'x',
        userPart,
        userPart,
        '',
        '/',
        '',
      ])
    : passwd.find((fields) => fields[0] === userPart);
  if (!row) {
    context.io.stderr(
      name === 'gosu'
        ? `error: failed switching to "${spec}": unable to find user ${userPart}: no matching entries in passwd file\n`
        : `su-exec: getpwnam(${userPart}): No such file or directory\n`,
    );
    return 1;
  }
  let gid = Number(row[3]);
  if (groupPart !== undefined && groupPart !== '') {
    const group = /^\d+$/.test(groupPart)
      ? Number(groupPart)
      : table(context, '/etc/group').find((fields) => fields[0] === groupPart)?.[2];
    if (group === undefined) {
      context.io.stderr(
        `error: failed switching to "${spec}": unable to find group ${groupPart}: no matching entries in group file\n`,
      );
      return 1;
    }
    gid = Number(group);
  }
  const user = { uid: Number(row[2]), gid, name: row[0]!, home: row[5] || '/' };
  return execute(command, {
    ...context,
    argv: command,
    user,
    env: { ...context.env, HOME: user.home },
  });
}

export const gosu = (context: ProgramContext) => switchUser(context, 'gosu');
export const suExec = (context: ProgramContext) => switchUser(context, 'su-exec');
