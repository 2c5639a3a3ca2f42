import { dirEntry, fileEntry, symlinkEntry, type Changes, type Entry } from '../fs/index.ts';
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

const CORE_PROGRAMS = [
  'cat',
  'chmod',
  'cp',
  'echo',
  'false',
  'grep',
  'head',
  'hostname',
  'id',
  'ln',
  'ls',
  'mkdir',
  'mv',
  'printenv',
  'printf',
  'pwd',
  'rm',
  'sleep',
  'tail',
  'touch',
  'true',
  'uname',
  'wc',
  'whoami',
  'env',
  'test',
  '[',
  'which',
  'sh',
];

function passwd(extra: string[] = []): string {
  return [
    'root:x:0:0:root:/root:/bin/bash',
    'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
    'bin:x:2:2:bin:/bin:/usr/sbin/nologin',
    'sys:x:3:3:sys:/dev:/usr/sbin/nologin',
    'www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin',
    'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
    ...extra,
    '',
  ].join('\n');
}

function group(extra: string[] = []): string {
  return [
    'root:x:0:',
    'daemon:x:1:',
    'bin:x:2:',
    'sys:x:3:',
    'www-data:x:33:',
    'nogroup:x:65534:',
    ...extra,
    '',
  ].join('\n');
}

/** Debian 12 (bookworm) with merged /usr: `/bin` is a link to `usr/bin`. */
export function debianRootfs(release: { name: string; version: string; id?: string }): Changes {
  const layer = new LayerBuilder();
  for (const dir of ['/boot', '/dev', '/etc', '/home', '/media', '/mnt', '/opt', '/proc', '/run']) {
    layer.dir(dir);
  }
  layer.dir('/root', 0o700).dir('/srv').dir('/sys').dir('/tmp', 0o1777);
  for (const dir of ['/usr/bin', '/usr/sbin', '/usr/lib', '/usr/share', '/usr/local/bin']) {
    layer.dir(dir);
  }
  layer.dir('/usr/local/lib').dir('/usr/local/share').dir('/usr/local/include');
  layer.dir('/var/lib').dir('/var/log').dir('/var/cache').dir('/var/tmp', 0o1777);
  layer.dir('/var/lib/apt/lists');
  layer.link('/bin', 'usr/bin').link('/sbin', 'usr/sbin').link('/lib', 'usr/lib');
  for (const name of CORE_PROGRAMS) if (name !== 'sh') layer.program(`/usr/bin/${name}`);
  layer.program('/usr/bin/dash').link('/usr/bin/sh', 'dash').program('/usr/bin/bash');
  layer.program('/usr/bin/apt-get').program('/usr/bin/apt');
  const id = release.id ?? 'debian';
  layer.file(
    '/etc/os-release',
    id === 'debian'
      ? `PRETTY_NAME="Debian GNU/Linux ${release.version} (${release.name})"\nNAME="Debian GNU/Linux"\nVERSION_ID="${release.version}"\nVERSION="${release.version} (${release.name})"\nVERSION_CODENAME=${release.name}\nID=debian\nHOME_URL="https://www.debian.org/"\nSUPPORT_URL="https://www.debian.org/support"\nBUG_REPORT_URL="https://bugs.debian.org/"\n`
      : `PRETTY_NAME="Ubuntu ${release.version}"\nNAME="Ubuntu"\nVERSION_ID="${release.version.slice(0, 5)}"\nVERSION="${release.version} (${release.name})"\nVERSION_CODENAME=${release.name}\nID=ubuntu\nID_LIKE=debian\n`,
  );
  if (id === 'debian') layer.file('/etc/debian_version', `${release.version}\n`);
  layer.file('/etc/passwd', passwd()).file('/etc/group', group());
  layer.file('/etc/hostname', 'localhost\n');
  layer.file('/root/.bashrc', '# ~/.bashrc: executed by bash(1) for non-login shells.\n');
  return layer.changes;
}

/** Alpine Linux: busybox provides the core programs. */
export function alpineRootfs(version: string): Changes {
  const layer = new LayerBuilder();
  for (const dir of ['/dev', '/etc', '/home', '/lib', '/media', '/mnt', '/opt', '/proc', '/run']) {
    layer.dir(dir);
  }
  layer.dir('/root', 0o700).dir('/sbin').dir('/srv').dir('/sys').dir('/tmp', 0o1777);
  layer
    .dir('/usr/bin')
    .dir('/usr/sbin')
    .dir('/usr/lib')
    .dir('/usr/local/bin')
    .dir('/usr/local/lib');
  layer.dir('/usr/share').dir('/var/lib').dir('/var/log').dir('/var/cache/apk');
  layer.program('/bin/busybox', 'busybox');
  const inUsrBin = [
    'env',
    'test',
    '[',
    'which',
    'head',
    'tail',
    'wc',
    'id',
    'whoami',
    'printf',
    'tee',
  ];
  for (const name of CORE_PROGRAMS) {
    if (inUsrBin.includes(name)) layer.link(`/usr/bin/${name}`, '/bin/busybox');
    else layer.link(`/bin/${name}`, 'busybox');
  }
  layer.program('/sbin/apk');
  layer.file(
    '/etc/os-release',
    `NAME="Alpine Linux"\nID=alpine\nVERSION_ID=${version}\nPRETTY_NAME="Alpine Linux v${version.split('.').slice(0, 2).join('.')}"\nHOME_URL="https://alpinelinux.org/"\nBUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"\n`,
  );
  layer.file('/etc/alpine-release', `${version}\n`);
  layer.file(
    '/etc/passwd',
    'root:x:0:0:root:/root:/bin/sh\nbin:x:1:1:bin:/bin:/sbin/nologin\ndaemon:x:2:2:daemon:/sbin:/sbin/nologin\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n',
  );
  layer.file(
    '/etc/group',
    'root:x:0:root\nbin:x:1:root,bin,daemon\ndaemon:x:2:root,bin,daemon\nnogroup:x:65533:\nnobody:x:65534:\n',
  );
  layer.file('/etc/hostname', 'localhost\n');
  return layer.changes;
}

/** busybox: one directory of programs and the system files. */
export function busyboxRootfs(): Changes {
  const layer = new LayerBuilder();
  layer.dir('/dev').dir('/etc').dir('/home').dir('/root', 0o700).dir('/tmp', 0o1777);
  layer.dir('/usr/sbin').dir('/var/spool/mail').dir('/var/www');
  layer.program('/bin/busybox', 'busybox');
  for (const name of CORE_PROGRAMS) layer.link(`/bin/${name}`, 'busybox');
  layer.file(
    '/etc/passwd',
    'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n',
  );
  layer.file('/etc/group', 'root:x:0:\nnogroup:x:65534:\n');
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
