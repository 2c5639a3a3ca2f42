import type { Program, ProgramContext } from './program.ts';
import {
  echoProgram,
  printfProgram,
  pwdProgram,
  sleepProgram,
  testProgram,
} from './programs/basics.ts';
import type { Flavor, Tool } from './programs/common.ts';
import { cat, chmod, chown, cp, ln, ls, mkdir, mv, rm, rmdir, touch } from './programs/files.ts';
import { httpServer } from './programs/http-server.ts';
import { httpd } from './programs/httpd.ts';
import { mongod, mongoEntrypoint } from './programs/mongod.ts';
import { node } from './programs/node.ts';
import { mysqld, mysqlEntrypoint } from './programs/mysql.ts';
import { nginx, nginxEntrypoint } from './programs/nginx.ts';
import { postgres, postgresEntrypoint } from './programs/postgres.ts';
import { python } from './programs/python.ts';
import { redisEntrypoint, redisServer } from './programs/redis.ts';
import { npm, npx } from './programs/npm.ts';
import { apk, aptGet } from './programs/packages.ts';
import { shellProgram } from './programs/shell.ts';
import {
  basenameProgram,
  date,
  dirnameProgram,
  env,
  hostname,
  id,
  printenv,
  uname,
  which,
  whoami,
} from './programs/system.ts';
import { grep, head, tail, tee, wc } from './programs/text.ts';
import { addgroup, adduser, groupadd, useradd } from './programs/accounts.ts';
import { md5sum, sha256sum } from './programs/checksums.ts';
import { configure, curl, gpg, make, tar, wget } from './programs/downloads.ts';
import { awk, cut, seq, sort, tr, uniq } from './programs/filters.ts';
import { find, xargs } from './programs/find.ts';
import {
  dpkg,
  dpkgArchitecture,
  dpkgDivert,
  installProgram,
  locale,
  localeGen,
  mktemp,
  nproc,
} from './programs/platform.ts';
import { microdnf, pip } from './programs/packages.ts';
import { gosu, suExec } from './programs/gosu.ts';
import { sed } from './programs/sed.ts';
import { BUSYBOX_APPLETS } from './distros.ts';
import { simulationNote } from './program.ts';

/**
 * Every simulated program by the name a `dockyard-program:` marker uses. The table is built on
 * first use, after all program modules have loaded.
 */

/** The programs that exist both as GNU coreutils and as BusyBox applets. */
const TOOLS = new Map<string, Tool>([
  ['echo', echoProgram],
  ['printf', printfProgram],
  ['test', testProgram],
  ['[', testProgram],
  ['true', () => 0],
  ['false', () => 1],
  ['pwd', pwdProgram],
  ['sleep', sleepProgram],
  ['ls', ls],
  ['cat', cat],
  ['cp', cp],
  ['mv', mv],
  ['rm', rm],
  ['rmdir', rmdir],
  ['mkdir', mkdir],
  ['touch', touch],
  ['ln', ln],
  ['chmod', chmod],
  ['chown', chown],
  ['head', head],
  ['tail', tail],
  ['grep', grep],
  ['wc', wc],
  ['tee', tee],
  ['env', env],
  ['printenv', printenv],
  ['whoami', whoami],
  ['id', id],
  ['hostname', hostname],
  ['uname', uname],
  ['which', which],
  ['basename', basenameProgram],
  ['dirname', dirnameProgram],
  ['date', date],
  ['sed', sed],
  ['tr', tr],
  ['cut', cut],
  ['sort', sort],
  ['uniq', uniq],
  ['seq', seq],
  ['awk', awk],
  ['find', find],
  ['xargs', xargs],
  ['tar', tar],
  ['wget', wget],
  ['sha256sum', sha256sum],
  ['md5sum', md5sum],
  ['mktemp', mktemp],
  ['nproc', nproc],
  ['addgroup', addgroup],
  ['adduser', adduser],
]);

const table = new Map<string, Program>();

function bind(tool: Tool, flavor: Flavor): Program {
  return (context) => tool(context, flavor);
}

/** BusyBox's multi-call binary: the applet is the name it was invoked by. */
function busybox(context: ProgramContext): number | Promise<number> {
  let argv = context.argv;
  const nameOf = (arg: string | undefined) => (arg ?? '').slice((arg ?? '').lastIndexOf('/') + 1);
  let applet = nameOf(argv[0]);
  if (applet === 'busybox') {
    argv = argv.slice(1);
    applet = nameOf(argv[0]);
  }
  if (applet === '') {
    context.io.stdout(
      'BusyBox v1.37.0 (2025-01-17 18:12:01 UTC) multi-call binary.\nUsage: busybox [function [arguments]...]\n',
    );
    return 0;
  }
  const child = { ...context, argv };
  if (applet === 'sh' || applet === 'ash') return shellProgram('ash')(child);
  const tool = TOOLS.get(applet);
  if (tool) return tool(child, 'busybox');
  if (BUSYBOX_APPLETS.includes(applet)) {
    simulationNote(
      context,
      `not-simulated:${applet}`,
      `${applet} is not simulated; it did nothing`,
    );
    return 0;
  }
  context.io.stderr(`${applet}: applet not found\n`);
  return 127;
}

export function programTable(): ReadonlyMap<string, Program> {
  if (table.size > 0) return table;
  for (const [name, tool] of TOOLS) table.set(name, bind(tool, 'gnu'));
  table.set('sh', shellProgram('dash'));
  table.set('dash', shellProgram('dash'));
  table.set('bash', shellProgram('bash'));
  table.set('busybox', busybox);
  table.set('node', node);
  table.set('python', python);
  table.set('nginx', nginx);
  table.set('nginx-entrypoint', nginxEntrypoint);
  table.set('mysqld', mysqld);
  table.set('mysql-entrypoint', mysqlEntrypoint);
  table.set('redis-server', redisServer);
  table.set('redis-entrypoint', redisEntrypoint);
  table.set('postgres', postgres);
  table.set('postgres-entrypoint', postgresEntrypoint);
  table.set('httpd', httpd);
  table.set('mongod', mongod);
  table.set('mongo-entrypoint', mongoEntrypoint);
  table.set('npm', npm);
  table.set('npx', npx);
  table.set('http-server', httpServer);
  table.set('apt-get', aptGet);
  table.set('apt', aptGet);
  table.set('apk', apk);
  table.set('curl', curl);
  table.set('gpg', gpg);
  table.set('gpg1', gpg);
  table.set('make', make);
  table.set('configure', configure);
  table.set('groupadd', groupadd);
  table.set('useradd', useradd);
  table.set('dpkg', dpkg);
  table.set('dpkg-architecture', dpkgArchitecture);
  table.set('mawk', bind(awk, 'gnu'));
  table.set('gosu', gosu);
  table.set('su-exec', suExec);
  table.set('install', installProgram);
  table.set('dpkg-divert', dpkgDivert);
  table.set('locale-gen', localeGen);
  table.set('locale', locale);
  table.set('microdnf', microdnf);
  table.set('pip', pip);
  table.set('pip3', pip);
  return table;
}
