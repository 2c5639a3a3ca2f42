import { dirEntry, fileEntry, symlinkEntry, type Changes, type Entry } from '../fs/index.ts';
import { MemoryFs } from '../fs/file-system.ts';
import { walk } from '../fs/ops.ts';
import { BUSYBOX_APPLETS, installAlpinePrograms, installDebianPrograms } from '../shell/distros.ts';
import { programMarker } from '../shell/program.ts';

/**
 * Small but real root filesystems for the catalog's base images: the directories, the system
 * files a learner may `cat`, and a stand-in file for every program the shell simulates. Sizes of
 * the real images are declared on their layers, not faked in these files.
 */

/** Builds one layer's change set; parents are added as directories when missing. */
export class LayerBuilder {
  readonly changes: Changes = new Map();

  dir(path: string, mode = 0o755): this {
    this.parents(path);
    this.changes.set(path, dirEntry(mode));
    return this;
  }

  file(path: string, content: string, mode = 0o644, size?: number): this {
    this.parents(path);
    const entry: Entry = fileEntry(content, mode);
    if (size !== undefined) entry.size = size;
    this.changes.set(path, entry);
    return this;
  }

  link(path: string, target: string): this {
    this.parents(path);
    this.changes.set(path, symlinkEntry(target));
    return this;
  }

  /** Takes every entry of another change set (the accounts of `withUsers`, ...). */
  merge(changes: Changes): this {
    for (const [path, entry] of changes) this.changes.set(path, entry);
    return this;
  }

  /** Takes every entry of a filesystem built elsewhere (the shell's program lists). */
  absorb(fs: MemoryFs): this {
    for (const [path, entry] of walk(fs, '/')) if (path !== '/') this.changes.set(path, entry);
    return this;
  }

  program(path: string, name = path.slice(path.lastIndexOf('/') + 1)): this {
    return this.file(path, programMarker(name), 0o755);
  }

  private parents(path: string): void {
    let at = path.indexOf('/', 1);
    while (at > 0) {
      const parent = path.slice(0, at);
      if (!this.changes.has(parent)) this.changes.set(parent, dirEntry());
      at = path.indexOf('/', at + 1);
    }
  }
}

/** Programs of Oracle Linux's slim image (coreutils-single, bash, microdnf). */
const ORACLE_USR_BIN = [
  '[',
  'arch',
  'base64',
  'basename',
  'cat',
  'chgrp',
  'chmod',
  'chown',
  'cp',
  'cut',
  'date',
  'dd',
  'df',
  'dirname',
  'du',
  'echo',
  'env',
  'expr',
  'false',
  'head',
  'id',
  'install',
  'ln',
  'ls',
  'md5sum',
  'mkdir',
  'mktemp',
  'mv',
  'nice',
  'nohup',
  'nproc',
  'od',
  'paste',
  'printenv',
  'printf',
  'pwd',
  'readlink',
  'realpath',
  'rm',
  'rmdir',
  'seq',
  'sha256sum',
  'sleep',
  'sort',
  'split',
  'stat',
  'stty',
  'sync',
  'tac',
  'tail',
  'tee',
  'test',
  'timeout',
  'touch',
  'tr',
  'true',
  'truncate',
  'tty',
  'uname',
  'uniq',
  'wc',
  'whoami',
  'yes',
  'grep',
  'sed',
  'gawk',
  'bash',
  'getent',
  'ldd',
  'microdnf',
  'rpm',
  'curl',
  'gpg',
];
const ORACLE_USR_SBIN = ['useradd', 'groupadd', 'usermod', 'ldconfig', 'nologin', 'chroot'];

/** A filesystem holding what `install` puts in it. */
function installed(install: (fs: MemoryFs) => void): MemoryFs {
  const fs = new MemoryFs();
  install(fs);
  return fs;
}

export interface UserRow {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
  gecos?: string;
}

/** `/etc/passwd` and `/etc/group` text from rows; a group per user, named after it. */
export function accounts(
  users: UserRow[],
  groups: Array<[string, number]> = [],
): {
  passwd: string;
  group: string;
} {
  const passwd = users
    .map((u) => `${u.name}:x:${u.uid}:${u.gid}:${u.gecos ?? ''}:${u.home}:${u.shell}\n`)
    .join('');
  const seen = new Set<number>();
  const groupRows: string[] = [];
  for (const [name, gid] of [...users.map((u): [string, number] => [u.name, u.gid]), ...groups]) {
    if (seen.has(gid)) continue;
    seen.add(gid);
    groupRows.push(`${name}:x:${gid}:\n`);
  }
  return { passwd, group: groupRows.join('') };
}

const NOLOGIN = '/usr/sbin/nologin';

/** The accounts of Debian's base-passwd (and Ubuntu's, which is the same list). */
export const DEBIAN_USERS: UserRow[] = [
  { name: 'root', uid: 0, gid: 0, home: '/root', shell: '/bin/bash', gecos: 'root' },
  { name: 'daemon', uid: 1, gid: 1, home: '/usr/sbin', shell: NOLOGIN, gecos: 'daemon' },
  { name: 'bin', uid: 2, gid: 2, home: '/bin', shell: NOLOGIN, gecos: 'bin' },
  { name: 'sys', uid: 3, gid: 3, home: '/dev', shell: NOLOGIN, gecos: 'sys' },
  { name: 'sync', uid: 4, gid: 65534, home: '/bin', shell: '/bin/sync', gecos: 'sync' },
  { name: 'games', uid: 5, gid: 60, home: '/usr/games', shell: NOLOGIN, gecos: 'games' },
  { name: 'man', uid: 6, gid: 12, home: '/var/cache/man', shell: NOLOGIN, gecos: 'man' },
  { name: 'lp', uid: 7, gid: 7, home: '/var/spool/lpd', shell: NOLOGIN, gecos: 'lp' },
  { name: 'mail', uid: 8, gid: 8, home: '/var/mail', shell: NOLOGIN, gecos: 'mail' },
  { name: 'news', uid: 9, gid: 9, home: '/var/spool/news', shell: NOLOGIN, gecos: 'news' },
  { name: 'proxy', uid: 13, gid: 13, home: '/bin', shell: NOLOGIN, gecos: 'proxy' },
  { name: 'www-data', uid: 33, gid: 33, home: '/var/www', shell: NOLOGIN, gecos: 'www-data' },
  { name: 'backup', uid: 34, gid: 34, home: '/var/backups', shell: NOLOGIN, gecos: 'backup' },
  { name: '_apt', uid: 42, gid: 65534, home: '/nonexistent', shell: NOLOGIN },
  { name: 'nobody', uid: 65534, gid: 65534, home: '/nonexistent', shell: NOLOGIN, gecos: 'nobody' },
];
const DEBIAN_GROUPS: Array<[string, number]> = [
  ['games', 60],
  ['man', 12],
  ['staff', 50],
  ['users', 100],
  ['nogroup', 65534],
];

export const ALPINE_USERS: UserRow[] = [
  { name: 'root', uid: 0, gid: 0, home: '/root', shell: '/bin/sh', gecos: 'root' },
  { name: 'bin', uid: 1, gid: 1, home: '/bin', shell: '/sbin/nologin', gecos: 'bin' },
  { name: 'daemon', uid: 2, gid: 2, home: '/sbin', shell: '/sbin/nologin', gecos: 'daemon' },
  { name: 'lp', uid: 4, gid: 7, home: '/var/spool/lpd', shell: '/sbin/nologin', gecos: 'lp' },
  { name: 'mail', uid: 8, gid: 12, home: '/var/mail', shell: '/sbin/nologin', gecos: 'mail' },
  { name: 'www-data', uid: 82, gid: 82, home: '/home/www-data', shell: '/sbin/nologin' },
  { name: 'nobody', uid: 65534, gid: 65534, home: '/', shell: '/sbin/nologin', gecos: 'nobody' },
];
const ALPINE_GROUPS: Array<[string, number]> = [
  ['wheel', 10],
  ['users', 100],
  ['nogroup', 65533],
];

export const ORACLE_USERS: UserRow[] = [
  { name: 'root', uid: 0, gid: 0, home: '/root', shell: '/bin/bash', gecos: 'root' },
  { name: 'bin', uid: 1, gid: 1, home: '/bin', shell: '/sbin/nologin', gecos: 'bin' },
  { name: 'daemon', uid: 2, gid: 2, home: '/sbin', shell: '/sbin/nologin', gecos: 'daemon' },
  {
    name: 'nobody',
    uid: 65534,
    gid: 65534,
    home: '/',
    shell: '/sbin/nologin',
    gecos: 'Kernel Overflow User',
  },
];

/** The base system's users plus the ones an image adds (`node`, `nginx`, `mysql`...). */
export function withUsers(family: 'debian' | 'alpine' | 'oracle', extra: UserRow[]): Changes {
  const base =
    family === 'debian' ? DEBIAN_USERS : family === 'alpine' ? ALPINE_USERS : ORACLE_USERS;
  const groups = family === 'debian' ? DEBIAN_GROUPS : family === 'alpine' ? ALPINE_GROUPS : [];
  const { passwd, group } = accounts([...base, ...extra], groups);
  return new LayerBuilder().file('/etc/passwd', passwd).file('/etc/group', group).changes;
}

function skeleton(layer: LayerBuilder, mergedUsr: boolean): void {
  for (const dir of ['/boot', '/dev', '/etc', '/home', '/media', '/mnt', '/opt', '/proc', '/run']) {
    layer.dir(dir);
  }
  layer.dir('/root', 0o700).dir('/srv').dir('/sys').dir('/tmp', 0o1777);
  for (const dir of ['/usr/bin', '/usr/sbin', '/usr/lib', '/usr/share', '/usr/local/bin']) {
    layer.dir(dir);
  }
  layer.dir('/usr/local/sbin').dir('/usr/local/lib').dir('/usr/local/share');
  layer.dir('/var/lib').dir('/var/log').dir('/var/cache').dir('/var/tmp', 0o1777);
  if (mergedUsr) layer.link('/bin', 'usr/bin').link('/sbin', 'usr/sbin').link('/lib', 'usr/lib');
  layer.file('/etc/hostname', 'localhost\n');
}

export interface Release {
  /** `debian` or `ubuntu`. */
  id: 'debian' | 'ubuntu';
  codename: string;
  version: string;
}

/** Debian or Ubuntu with merged /usr: `/bin` is a link to `usr/bin`, `sh` is dash. */
export function debianRootfs(release: Release): Changes {
  const layer = new LayerBuilder();
  skeleton(layer, true);
  layer.dir('/var/lib/apt/lists').dir('/etc/apt/sources.list.d');
  layer.absorb(installed(installDebianPrograms));
  const { id, codename, version } = release;
  layer.file(
    '/etc/os-release',
    id === 'debian'
      ? `PRETTY_NAME="Debian GNU/Linux ${version.split('.')[0]} (${codename})"\nNAME="Debian GNU/Linux"\nVERSION_ID="${version.split('.')[0]}"\nVERSION="${version.split('.')[0]} (${codename})"\nVERSION_CODENAME=${codename}\nDEBIAN_VERSION_FULL=${version}\nID=debian\nHOME_URL="https://www.debian.org/"\nSUPPORT_URL="https://www.debian.org/support"\nBUG_REPORT_URL="https://bugs.debian.org/"\n`
      : `PRETTY_NAME="Ubuntu ${version}"\nNAME="Ubuntu"\nVERSION_ID="${version.slice(0, 5)}"\nVERSION="${version} (${codename[0]!.toUpperCase()}${codename.slice(1)})"\nVERSION_CODENAME=${codename}\nID=ubuntu\nID_LIKE=debian\nHOME_URL="https://www.ubuntu.com/"\nSUPPORT_URL="https://help.ubuntu.com/"\nBUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"\nUBUNTU_CODENAME=${codename}\n`,
  );
  layer.file('/etc/debian_version', id === 'debian' ? `${version}\n` : `${codename}/sid\n`);
  const { passwd, group } = accounts(DEBIAN_USERS, DEBIAN_GROUPS);
  layer.file('/etc/passwd', passwd).file('/etc/group', group);
  layer.file('/root/.bashrc', '# ~/.bashrc: executed by bash(1) for non-login shells.\n');
  layer.file('/root/.profile', '# ~/.profile: executed by Bourne-compatible login shells.\n');
  return layer.changes;
}

/** Alpine Linux: busybox provides the core programs, apk the packages. */
export function alpineRootfs(version: string): Changes {
  const layer = new LayerBuilder();
  skeleton(layer, false);
  layer.dir('/lib').dir('/sbin').dir('/var/cache/apk').dir('/etc/apk');
  layer.absorb(installed(installAlpinePrograms));
  layer.file(
    '/etc/os-release',
    `NAME="Alpine Linux"\nID=alpine\nVERSION_ID=${version}\nPRETTY_NAME="Alpine Linux v${version.split('.').slice(0, 2).join('.')}"\nHOME_URL="https://alpinelinux.org/"\nBUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"\n`,
  );
  layer.file('/etc/alpine-release', `${version}\n`);
  const { passwd, group } = accounts(ALPINE_USERS, ALPINE_GROUPS);
  layer.file('/etc/passwd', passwd).file('/etc/group', group);
  return layer.changes;
}

/** Oracle Linux's slim image: bash is `sh`, microdnf installs packages. */
export function oracleRootfs(version: string, full: boolean): Changes {
  const layer = new LayerBuilder();
  skeleton(layer, true);
  for (const name of ORACLE_USR_BIN) layer.program(`/usr/bin/${name}`);
  for (const name of ORACLE_USR_SBIN) layer.program(`/usr/sbin/${name}`);
  if (full) {
    for (const name of ['dnf', 'yum', 'find', 'xargs', 'tar', 'gzip', 'hostname', 'ps', 'vi']) {
      layer.program(`/usr/bin/${name}`);
    }
  }
  layer.link('/usr/bin/sh', 'bash').link('/usr/bin/awk', 'gawk');
  layer.dir('/etc/yum.repos.d').dir('/etc/pki/rpm-gpg');
  layer.file(
    '/etc/os-release',
    `NAME="Oracle Linux Server"\nVERSION="${version}"\nID="ol"\nID_LIKE="fedora"\nVARIANT="Server"\nVARIANT_ID="server"\nVERSION_ID="${version}"\nPLATFORM_ID="platform:el${version.split('.')[0]}"\nPRETTY_NAME="Oracle Linux Server ${version}"\nANSI_COLOR="0;31"\nCPE_NAME="cpe:/o:oracle:linux:${version.replace('.', ':')}:server"\nHOME_URL="https://linux.oracle.com/"\n`,
  );
  layer.file('/etc/oracle-release', `Oracle Linux Server release ${version}\n`);
  const { passwd, group } = accounts(ORACLE_USERS);
  layer.file('/etc/passwd', passwd).file('/etc/group', group);
  return layer.changes;
}

/** busybox: one directory of applets and the system files. */
export function busyboxRootfs(): Changes {
  const layer = new LayerBuilder();
  layer.dir('/dev').dir('/etc').dir('/home').dir('/root', 0o700).dir('/tmp', 0o1777);
  layer.dir('/usr/sbin').dir('/var/spool/mail').dir('/var/www');
  layer.program('/bin/busybox', 'busybox');
  for (const name of BUSYBOX_APPLETS) layer.link(`/bin/${name}`, 'busybox');
  layer.file(
    '/etc/passwd',
    'root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\nbin:x:2:2:bin:/bin:/bin/false\nsys:x:3:3:sys:/dev:/bin/false\nsync:x:4:100:sync:/bin:/bin/sync\nmail:x:8:8:mail:/var/spool/mail:/bin/false\nwww-data:x:33:33:www-data:/var/www:/bin/false\noperator:x:37:37:Operator:/var:/bin/false\nnobody:x:65534:65534:nobody:/home:/bin/false\n',
  );
  layer.file(
    '/etc/group',
    'root:x:0:\ndaemon:x:1:\nbin:x:2:\nsys:x:3:\nadm:x:4:\ntty:x:5:\ndisk:x:6:\nwheel:x:10:root\nmail:x:8:\nwww-data:x:33:\noperator:x:37:\nstaff:x:50:\nusers:x:100:\nnogroup:x:65534:\n',
  );
  return layer.changes;
}

/**
 * The node image's entrypoint, written for this simulation: an option or an unknown command as
 * the first argument is handed to node, anything else runs as given.
 */
export const NODE_ENTRYPOINT = `#!/bin/sh
set -e
if [ "\${1#-}" != "\$1" ] || ! command -v "\$1" > /dev/null; then
  set -- node "\$@"
fi
exec "\$@"
`;
