import type { Changes } from '../fs/index.ts';
import {
  alpineRootfs,
  busyboxRootfs,
  debianRootfs,
  LayerBuilder,
  oracleRootfs,
  type Release,
} from './rootfs.ts';
import { derive, MB, PATH_DEFAULT, run, type ImageSpec, type LayerStep } from './spec.ts';

/**
 * The operating-system images everything else starts from (debian, ubuntu, alpine, busybox,
 * oraclelinux) and buildpack-deps, each a function of its release so language images can sit on
 * the same bases as their real counterparts.
 */

export type DebianCodename = 'bookworm' | 'trixie';
export type UbuntuCodename = 'noble' | 'jammy';

interface DebianRelease {
  version: string;
  created: string;
  size: number;
  slimSize: number;
  /** The `@epoch` debuerreotype stamps on the build. */
  epoch: number;
}

export const DEBIAN: Record<DebianCodename, DebianRelease> = {
  bookworm: {
    version: '12.12',
    created: '2026-11-17T00:00:00Z',
    size: 117 * MB,
    slimSize: 74_800_000,
    epoch: 1763337600,
  },
  trixie: {
    version: '13.2',
    created: '2026-11-17T00:00:00Z',
    size: 120 * MB,
    slimSize: 78_600_000,
    epoch: 1763337600,
  },
};

const UBUNTU: Record<UbuntuCodename, { version: string; size: number; created: string }> = {
  noble: { version: '24.04.3 LTS', size: 78_100_000, created: '2026-10-29T07:12:01Z' },
  jammy: { version: '22.04.5 LTS', size: 77_900_000, created: '2026-10-29T07:10:44Z' },
};

/** Alpine releases by minor version: full version and root filesystem size. */
export const ALPINE: Record<string, { version: string; size: number; created: string }> = {
  '3.24': { version: '3.24.1', size: 8_540_000, created: '2026-10-08T11:05:02Z' },
  '3.23': { version: '3.23.2', size: 8_440_000, created: '2026-10-08T11:04:50Z' },
  '3.22': { version: '3.22.2', size: 8_310_000, created: '2026-10-08T11:04:24Z' },
  '3.21': { version: '3.21.5', size: 7_830_000, created: '2026-10-08T11:03:58Z' },
  '3.20': { version: '3.20.8', size: 7_800_000, created: '2026-10-08T11:03:31Z' },
};
export const ALPINE_LATEST = '3.22';

export function debian(codename: DebianCodename, slim = false): ImageSpec {
  const release = DEBIAN[codename];
  const name = slim ? `${codename}-slim` : codename;
  const info: Release = { id: 'debian', codename, version: release.version };
  return {
    created: release.created,
    config: { Env: [`PATH=${PATH_DEFAULT}`], Cmd: ['bash'] },
    steps: [
      {
        createdBy: `# debian.sh --arch 'amd64' out/ '${name}' '@${release.epoch}'`,
        size: slim ? release.slimSize : release.size,
        changes: () => debianRootfs(info),
      },
      { createdBy: 'CMD ["bash"]' },
    ],
  };
}

export function ubuntu(codename: UbuntuCodename): ImageSpec {
  const release = UBUNTU[codename];
  const short = release.version.slice(0, 5);
  const labels = {
    'org.opencontainers.image.ref.name': 'ubuntu',
    'org.opencontainers.image.version': short,
  };
  return {
    created: release.created,
    config: { Env: [`PATH=${PATH_DEFAULT}`], Cmd: ['/bin/bash'], Labels: labels },
    steps: [
      { createdBy: 'ARG RELEASE' },
      { createdBy: 'ARG LAUNCHPAD_BUILD_ARCH' },
      { createdBy: 'LABEL org.opencontainers.image.ref.name=ubuntu' },
      { createdBy: `LABEL org.opencontainers.image.version=${short}` },
      {
        createdBy: `ADD file:ubuntu-${codename}-oci-amd64-root.tar.gz in / `,
        size: release.size,
        changes: () => debianRootfs({ id: 'ubuntu', codename, version: release.version }),
      },
      { createdBy: 'CMD ["/bin/bash"]' },
    ],
  };
}

/** The first layer of an alpine image, shared by images built on it. */
export function alpineLayer(minor: string): LayerStep {
  const release = ALPINE[minor]!;
  return {
    createdBy: `ADD alpine-minirootfs-${release.version}-x86_64.tar.gz / # buildkit`,
    size: release.size,
    changes: () => alpineRootfs(release.version),
  };
}

export function alpine(minor: string = ALPINE_LATEST): ImageSpec {
  return {
    created: ALPINE[minor]!.created,
    config: { Env: [`PATH=${PATH_DEFAULT}`], Cmd: ['/bin/sh'] },
    steps: [alpineLayer(minor), { createdBy: 'CMD ["/bin/sh"]' }],
  };
}

export type BusyboxLibc = 'glibc' | 'musl' | 'uclibc';

const BUSYBOX_SIZES: Record<BusyboxLibc, number> = {
  glibc: 4_280_000,
  musl: 1_470_000,
  uclibc: 4_260_000,
};

export function busybox(libc: BusyboxLibc = 'glibc'): ImageSpec {
  return {
    created: '2026-09-26T21:31:42Z',
    config: { Env: [`PATH=${PATH_DEFAULT}`], Cmd: ['sh'] },
    steps: [
      {
        createdBy: `BusyBox 1.37.0 (${libc}), ${libc === 'glibc' ? 'Debian 13' : libc}`,
        size: BUSYBOX_SIZES[libc],
        changes: busyboxRootfs,
      },
      { createdBy: 'CMD ["sh"]' },
    ],
  };
}

const ORACLE: Record<string, { version: string; size: number; slimSize: number }> = {
  '10': { version: '10.0', size: 251 * MB, slimSize: 121 * MB },
  '9': { version: '9.6', size: 235 * MB, slimSize: 119 * MB },
  '8': { version: '8.10', size: 237 * MB, slimSize: 105 * MB },
};

export function oraclelinux(major: string, slim: boolean): ImageSpec {
  const release = ORACLE[major]!;
  return {
    created: '2026-11-13T19:45:10Z',
    config: { Env: [`PATH=${PATH_DEFAULT}`], Cmd: ['/bin/bash'] },
    steps: [
      {
        createdBy: `ADD oraclelinux-${major}${slim ? '-slim' : ''}-amd64-rootfs.tar.xz / # buildkit`,
        size: slim ? release.slimSize : release.size,
        changes: () => oracleRootfs(release.version, !slim),
      },
      { createdBy: 'CMD ["/bin/bash"]' },
    ],
  };
}

export type BuildpackLevel = 'curl' | 'scm' | 'full';

/** A layer of stand-ins for programs in /usr/bin. */
function programs(names: string[]): () => Changes {
  return () =>
    names.reduce((layer, name) => layer.program(`/usr/bin/${name}`), new LayerBuilder()).changes;
}

/** The three buildpack-deps layers: download tools, version control, compilers and headers. */
export const BUILDPACK_LAYERS: Record<BuildpackLevel, LayerStep> = {
  curl: run(
    'set -eux; apt-get update; apt-get install -y --no-install-recommends ca-certificates curl gnupg netbase sq wget; rm -rf /var/lib/apt/lists/*',
    49_600_000,
    programs(['curl', 'wget', 'gpg', 'gpgv', 'gpgconf', 'gpg-agent', 'dirmngr', 'sq']),
  ),
  scm: run(
    'set -eux; apt-get update; apt-get install -y --no-install-recommends git mercurial openssh-client subversion procps; rm -rf /var/lib/apt/lists/*',
    145 * MB,
    programs(['git', 'hg', 'svn', 'ssh', 'scp', 'ps', 'top', 'free', 'kill', 'pgrep', 'pkill']),
  ),
  full: run(
    'set -ex; apt-get update; apt-get install -y --no-install-recommends autoconf automake bzip2 dpkg-dev file g++ gcc imagemagick libbz2-dev libc6-dev libcurl4-openssl-dev make patch unzip xz-utils zlib1g-dev; rm -rf /var/lib/apt/lists/*',
    605 * MB,
    programs([
      'gcc',
      'g++',
      'cc',
      'c++',
      'make',
      'patch',
      'unzip',
      'file',
      'xz',
      'bzip2',
      'autoconf',
      'automake',
      'pkg-config',
      'convert',
    ]),
  ),
};

/** buildpack-deps:<codename>[-curl|-scm]: Debian with each level's layer on top of the last. */
export function buildpackDeps(
  codename: DebianCodename | UbuntuCodename,
  level: BuildpackLevel = 'full',
): ImageSpec {
  const base = codename === 'noble' || codename === 'jammy' ? ubuntu(codename) : debian(codename);
  const order: BuildpackLevel[] = ['curl', 'scm', 'full'];
  const layers = order.slice(0, order.indexOf(level) + 1).map((name) => BUILDPACK_LAYERS[name]);
  return derive(base, { created: '2026-11-18T01:10:22Z', layers });
}
