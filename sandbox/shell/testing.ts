import { dirEntry, fileEntry, symlinkEntry } from '../fs/entry.ts';
import { MemoryFs } from '../fs/file-system.ts';
import { mkdirp } from '../fs/ops.ts';
import { execute } from './execute.ts';
import { installAlpinePrograms, installDebianPrograms } from './distros.ts';
import {
  notesOncePerKey,
  programMarker,
  type NetworkAccess,
  type ProgramContext,
} from './program.ts';
import { programTable } from './registry.ts';
import { runScript, type RunScriptOptions } from './run-script.ts';

/**
 * A small Debian-like machine for tests and examples: every registered program installed where
 * Debian keeps it, root's passwd and group files, a pinned clock, output collected as text.
 */

/** 2026-12-04 16:22:11 UTC, the moment every test machine lives in. */
export const TEST_NOW = Date.UTC(2026, 11, 4, 16, 22, 11);

/** The start of Debian 12's /etc/passwd and /etc/group. */
const DEBIAN_PASSWD =
  'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nbin:x:2:2:bin:/bin:/usr/sbin/nologin\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n';
const DEBIAN_GROUP =
  'root:x:0:\ndaemon:x:1:\nbin:x:2:\nwww-data:x:33:\nstaff:x:50:\nusers:x:100:\nnogroup:x:65534:\n';
/** Alpine 3.22's: note `users` at gid 100, which BusyBox's next system group skips. */
const ALPINE_PASSWD =
  'root:x:0:0:root:/root:/bin/sh\nbin:x:1:1:bin:/bin:/sbin/nologin\ndaemon:x:2:2:daemon:/sbin:/sbin/nologin\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n';
const ALPINE_GROUP =
  'root:x:0:root\nbin:x:1:root,bin,daemon\ndaemon:x:2:root,bin,daemon\nusers:x:100:games\nnogroup:x:65533:\nnobody:x:65534:\n';

export interface TestMachine {
  fs: MemoryFs;
  stdout: string;
  stderr: string;
  /** Simulation notes, each shown once, as a build shows them. */
  notes: string[];
  env: Record<string, string>;
  cwd: string;
  tty: boolean;
  net?: NetworkAccess;
  signal: AbortSignal;
  /** Kills whatever runs (`docker stop`). */
  abort(): void;
  /** Runs a script with /bin/sh (dash), as `RUN` does. */
  sh(script: string, options?: RunScriptOptions & { stdin?: string }): Promise<number>;
  /** Runs argv as a process, as exec-form `CMD` does. */
  run(argv: string[], stdin?: string): Promise<number>;
  context(argv: string[], stdin?: string): ProgramContext;
}

export function testMachine(
  setup: {
    user?: 'root' | 'node';
    busybox?: boolean;
    /** Installs a real image's program list instead of every registered program. */
    distro?: 'debian' | 'alpine';
  } = {},
): TestMachine {
  const fs = new MemoryFs();
  for (const dir of [
    '/usr/bin',
    '/usr/sbin',
    '/usr/local/bin',
    '/usr/local/lib',
    '/etc',
    '/tmp',
    '/var/lib',
    setup.distro ? '/home' : '/home/node',
  ]) {
    mkdirp(fs, dir);
  }
  fs.set('/root', dirEntry(0o700, TEST_NOW));
  fs.set('/bin', symlinkEntry('usr/bin'));
  for (const name of setup.distro ? [] : programTable().keys()) {
    if (
      setup.busybox &&
      name !== 'busybox' &&
      !['node', 'npm', 'npx', 'http-server', 'apk'].includes(name)
    ) {
      fs.set(`/usr/bin/${name}`, symlinkEntry('/bin/busybox'));
    } else {
      fs.set(`/usr/bin/${name}`, fileEntry(programMarker(name), 0o755));
    }
  }
  if (setup.distro === 'debian') installDebianPrograms(fs);
  else if (setup.distro === 'alpine') {
    fs.delete('/bin');
    installAlpinePrograms(fs);
  } else fs.set('/usr/bin/sh', symlinkEntry(setup.busybox ? '/bin/busybox' : 'dash'));
  if (setup.distro === 'debian') {
    fs.set('/etc/passwd', fileEntry(DEBIAN_PASSWD));
    fs.set('/etc/group', fileEntry(DEBIAN_GROUP));
  } else if (setup.distro === 'alpine') {
    fs.set('/etc/passwd', fileEntry(ALPINE_PASSWD));
    fs.set('/etc/group', fileEntry(ALPINE_GROUP));
  }
  if (setup.distro) {
    mkdirp(fs, '/var/lib/apt/lists');
    mkdirp(fs, '/var/cache/apk');
    fs.set(
      '/etc/os-release',
      fileEntry(
        setup.distro === 'debian'
          ? 'ID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n'
          : 'ID=alpine\nVERSION_ID=3.22.2\n',
      ),
    );
  }
  if (!setup.distro) {
    fs.set(
      '/etc/passwd',
      fileEntry('root:x:0:0:root:/root:/bin/bash\nnode:x:1000:1000::/home/node:/bin/bash\n'),
    );
    fs.set('/etc/group', fileEntry('root:x:0:\nstaff:x:50:node\nnode:x:1000:\n'));
  }
  fs.set('/etc/hostname', fileEntry('0123456789ab\n'));
  const node = setup.user === 'node';
  const user = node
    ? { uid: 1000, gid: 1000, name: 'node', home: '/home/node' }
    : { uid: 0, gid: 0, name: 'root', home: '/root' };
  const controller = new AbortController();
  const note = notesOncePerKey((text) => machine.notes.push(text));
  const machine: TestMachine = {
    fs,
    stdout: '',
    stderr: '',
    notes: [],
    env: {
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      HOME: user.home,
      HOSTNAME: '0123456789ab',
    },
    cwd: '/',
    tty: false,
    signal: controller.signal,
    abort: () => controller.abort(),
    context(argv, stdin = '') {
      const context: ProgramContext = {
        argv,
        env: { ...machine.env },
        cwd: machine.cwd,
        fs,
        io: {
          stdout: (text) => (machine.stdout += text),
          stderr: (text) => (machine.stderr += text),
          stdin,
          tty: machine.tty,
        },
        user,
        signal: machine.signal,
        now: () => TEST_NOW,
        net: machine.net,
        note,
        spawn: (childArgv, overrides = {}) =>
          execute(childArgv, { ...context, ...overrides, argv: childArgv }),
      };
      return context;
    },
    sh(script, options = {}) {
      return runScript(script, machine.context(['/bin/sh'], options.stdin ?? ''), options);
    },
    run(argv, stdin) {
      return execute(argv, machine.context(argv, stdin));
    },
  };
  return machine;
}
