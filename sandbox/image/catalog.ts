import type { Changes } from '../fs/index.ts';
import {
  computeImageId,
  emptyConfig,
  layerFromChanges,
  type HistoryEntry,
  type Image,
  type ImageConfig,
  type Layer,
} from './image.ts';
import { familiarRepository, type Reference } from './reference.ts';
import {
  alpineRootfs,
  busyboxRootfs,
  debianRootfs,
  LayerBuilder,
  NODE_ENTRYPOINT,
} from './rootfs.ts';
import { sha256Digest } from './sha256.ts';

/**
 * The base images a learner can pull. Each has the config and layer sizes of the real image of the
 * same name (rounded), and a small filesystem that holds what lessons and learners look at. The
 * catalog is the whole registry: a name not here does not exist.
 */

const PATH_DEFAULT = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const MB = 1_000_000;

interface LayerSpec {
  createdBy: string;
  size: number;
  changes?: () => Changes;
}

interface ImageSpec {
  created: string;
  config: Partial<ImageConfig>;
  /** Layers and config-only steps in history order; a step with no `size` makes no layer. */
  steps: Array<LayerSpec | { createdBy: string }>;
}

function nodeLayers(version: string, os: 'debian' | 'alpine'): ImageSpec['steps'] {
  const binary = (layer: LayerBuilder) => {
    layer.program('/usr/local/bin/node', 'node');
    layer.file(
      '/usr/local/lib/node_modules/npm/package.json',
      '{\n  "name": "npm",\n  "version": "11.6.2",\n  "bin": { "npm": "bin/npm-cli.js", "npx": "bin/npx-cli.js" }\n}\n',
    );
    layer.program('/usr/local/lib/node_modules/npm/bin/npm-cli.js', 'npm');
    layer.program('/usr/local/lib/node_modules/npm/bin/npx-cli.js', 'npx');
    layer.link('/usr/local/bin/npm', '../lib/node_modules/npm/bin/npm-cli.js');
    layer.link('/usr/local/bin/npx', '../lib/node_modules/npm/bin/npx-cli.js');
    layer.link('/usr/local/bin/nodejs', 'node');
    return layer;
  };
  const userAdd =
    os === 'debian'
      ? 'RUN /bin/sh -c groupadd --gid 1000 node   && useradd --uid 1000 --gid node --shell /bin/bash --create-home node # buildkit'
      : 'RUN /bin/sh -c addgroup -g 1000 node     && adduser -u 1000 -G node -s /bin/sh -D node # buildkit';
  return [
    { createdBy: `ENV NODE_VERSION=${version}` },
    {
      createdBy: `${userAdd.replace(' # buildkit', '')}     && ARCH= && dpkgArch="$(dpkg --print-architecture)" && curl -fsSLO --compressed "https://nodejs.org/dist/v$NODE_VERSION/node-v$NODE_VERSION-linux-$ARCH.tar.xz" && tar -xJf "node-v$NODE_VERSION-linux-$ARCH.tar.xz" -C /usr/local --strip-components=1 --no-same-owner # buildkit`,
      size: os === 'debian' ? 197 * MB : 126 * MB,
      changes: () => {
        const layer = binary(new LayerBuilder());
        const shell = os === 'debian' ? '/bin/bash' : '/bin/sh';
        layer.file('/home/node/.profile', '# ~/.profile\n').dir('/home/node');
        layer.changes.set('/home/node', {
          ...layer.changes.get('/home/node')!,
          uid: 1000,
          gid: 1000,
        });
        layer.file('/etc/node-user', `node:x:1000:1000::/home/node:${shell}\n`);
        return layer.changes;
      },
    },
    { createdBy: 'ENV YARN_VERSION=1.22.22' },
    {
      createdBy:
        'RUN /bin/sh -c set -ex && curl -fsSLO --compressed "https://yarnpkg.com/downloads/$YARN_VERSION/yarn-v$YARN_VERSION.tar.gz" && tar -xzf yarn-v$YARN_VERSION.tar.gz -C /opt/ && ln -s /opt/yarn-v$YARN_VERSION/bin/yarn /usr/local/bin/yarn # buildkit',
      size: 5_350_000,
      changes: () =>
        new LayerBuilder()
          .program('/opt/yarn-v1.22.22/bin/yarn', 'yarn')
          .link('/usr/local/bin/yarn', '/opt/yarn-v1.22.22/bin/yarn').changes,
    },
    {
      createdBy: 'COPY docker-entrypoint.sh /usr/local/bin/ # buildkit',
      size: 388,
      changes: () =>
        new LayerBuilder().file('/usr/local/bin/docker-entrypoint.sh', NODE_ENTRYPOINT, 0o755)
          .changes,
    },
    { createdBy: 'ENTRYPOINT ["docker-entrypoint.sh"]' },
    { createdBy: 'CMD ["node"]' },
  ];
}

function debianBase(name: string, version: string, size: number): ImageSpec['steps'] {
  return [
    {
      createdBy: `# debian.sh --arch 'amd64' out/ '${name}' '@1764547200'`,
      size,
      changes: () => debianRootfs({ name, version }),
    },
  ];
}

function alpineBase(version: string): ImageSpec['steps'] {
  return [
    {
      createdBy: `ADD alpine-minirootfs-${version}-x86_64.tar.gz / # buildkit`,
      size: 8_310_000,
      changes: () => alpineRootfs(version),
    },
    { createdBy: 'CMD ["/bin/sh"]' },
  ];
}

const BUILDPACK_DEPS: ImageSpec['steps'] = [
  {
    createdBy:
      'RUN /bin/sh -c set -eux; apt-get update; apt-get install -y --no-install-recommends ca-certificates curl gnupg netbase sq wget; rm -rf /var/lib/apt/lists/* # buildkit',
    size: 49_600_000,
    changes: () => new LayerBuilder().program('/usr/bin/curl').program('/usr/bin/wget').changes,
  },
  {
    createdBy:
      'RUN /bin/sh -c set -eux; apt-get update; apt-get install -y --no-install-recommends git mercurial openssh-client subversion procps; rm -rf /var/lib/apt/lists/* # buildkit',
    size: 145_000_000,
    changes: () => new LayerBuilder().program('/usr/bin/git').program('/usr/bin/ps').changes,
  },
  {
    createdBy:
      'RUN /bin/sh -c set -ex; apt-get update; apt-get install -y --no-install-recommends autoconf automake bzip2 dpkg-dev file g++ gcc imagemagick libbz2-dev libc6-dev libcurl4-openssl-dev make patch unzip xz-utils zlib1g-dev; rm -rf /var/lib/apt/lists/* # buildkit',
    size: 605_000_000,
    changes: () =>
      new LayerBuilder().program('/usr/bin/gcc').program('/usr/bin/make').program('/usr/bin/g++')
        .changes,
  },
];

/**
 * The entrypoint script nginx, redis and mysql copy in, reduced to what it does for a command
 * given as arguments: run it (their first-run set-up is not simulated).
 */
function entrypointStep(createdBy: string, path: string, size: number): LayerSpec {
  return {
    createdBy,
    size,
    changes: () => new LayerBuilder().file(path, '#!/bin/sh\nset -e\nexec "$@"\n', 0o755).changes,
  };
}

/** The node image's config, the same on every base. */
function nodeConfig(version: string): Partial<ImageConfig> {
  return {
    Env: [PATH_DEFAULT, `NODE_VERSION=${version}`, 'YARN_VERSION=1.22.22'],
    Entrypoint: ['docker-entrypoint.sh'],
    Cmd: ['node'],
  };
}

function nodeDebian(version: string): ImageSpec {
  return {
    created: '2026-11-12T18:21:07Z',
    config: nodeConfig(version),
    steps: [
      ...debianBase('bookworm', '12.12', 117_000_000),
      ...BUILDPACK_DEPS,
      ...nodeLayers(version, 'debian'),
    ],
  };
}

function nodeAlpine(version: string): ImageSpec {
  return {
    created: '2026-11-12T18:40:51Z',
    config: nodeConfig(version),
    steps: [...alpineBase('3.22.2').slice(0, 1), ...nodeLayers(version, 'alpine')],
  };
}

const NGINX_PAGE =
  '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>This is the default page of the nginx image.</p>\n</body>\n</html>\n';

const SPECS: Record<string, Record<string, ImageSpec>> = {
  node: {
    latest: nodeDebian('25.2.1'),
    '25': nodeDebian('25.2.1'),
    '22': nodeDebian('22.21.1'),
    '20': nodeDebian('20.19.5'),
    lts: nodeDebian('24.11.1'),
    '24': nodeDebian('24.11.1'),
    alpine: nodeAlpine('25.2.1'),
    '22-alpine': nodeAlpine('22.21.1'),
    '20-alpine': nodeAlpine('20.19.5'),
  },
  alpine: {
    latest: {
      created: '2026-10-08T11:04:24Z',
      config: { Env: [PATH_DEFAULT], Cmd: ['/bin/sh'] },
      steps: alpineBase('3.22.2'),
    },
    '3.22': {
      created: '2026-10-08T11:04:24Z',
      config: { Env: [PATH_DEFAULT], Cmd: ['/bin/sh'] },
      steps: alpineBase('3.22.2'),
    },
  },
  debian: {
    latest: {
      created: '2026-11-17T00:00:00Z',
      config: { Env: [PATH_DEFAULT], Cmd: ['bash'] },
      steps: [...debianBase('bookworm', '12.12', 117_000_000), { createdBy: 'CMD ["bash"]' }],
    },
    bookworm: {
      created: '2026-11-17T00:00:00Z',
      config: { Env: [PATH_DEFAULT], Cmd: ['bash'] },
      steps: [...debianBase('bookworm', '12.12', 117_000_000), { createdBy: 'CMD ["bash"]' }],
    },
  },
  ubuntu: {
    latest: {
      created: '2026-10-29T07:12:01Z',
      config: { Env: [PATH_DEFAULT], Cmd: ['/bin/bash'] },
      steps: [
        {
          createdBy: 'ADD file:ubuntu-noble-oci-amd64-root.tar.gz in / ',
          size: 78_100_000,
          changes: () => debianRootfs({ name: 'noble', version: '24.04.3 LTS', id: 'ubuntu' }),
        },
        { createdBy: 'CMD ["/bin/bash"]' },
      ],
    },
  },
  busybox: {
    latest: {
      created: '2026-09-26T21:31:42Z',
      config: {
        Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
        Cmd: ['sh'],
      },
      steps: [
        { createdBy: 'BusyBox 1.37.0 (glibc), Debian 13', size: 4_280_000, changes: busyboxRootfs },
        { createdBy: 'CMD ["sh"]' },
      ],
    },
  },
  nginx: {
    latest: {
      created: '2026-10-28T21:12:34Z',
      config: {
        Env: [PATH_DEFAULT, 'NGINX_VERSION=1.29.3', 'NJS_VERSION=0.9.4', 'PKG_RELEASE=1~bookworm'],
        Entrypoint: ['/docker-entrypoint.sh'],
        Cmd: ['nginx', '-g', 'daemon off;'],
        ExposedPorts: { '80/tcp': {} },
        StopSignal: 'SIGQUIT',
      },
      steps: [
        ...debianBase('bookworm', '12.12', 74_800_000),
        { createdBy: 'ENV NGINX_VERSION=1.29.3' },
        {
          createdBy:
            'RUN /bin/sh -c set -x && groupadd --system --gid 101 nginx && useradd --system --gid nginx --no-create-home --home /nonexistent --shell /bin/false --uid 101 nginx && apt-get update && apt-get install --no-install-recommends --no-install-suggests -y nginx=${NGINX_VERSION}-${PKG_RELEASE} # buildkit',
          size: 117_000_000,
          changes: () =>
            new LayerBuilder()
              .program('/usr/sbin/nginx')
              .file('/usr/share/nginx/html/index.html', NGINX_PAGE)
              .file(
                '/etc/nginx/conf.d/default.conf',
                'server {\n    listen       80;\n    server_name  localhost;\n\n    location / {\n        root   /usr/share/nginx/html;\n        index  index.html index.htm;\n    }\n}\n',
              ).changes,
        },
        entrypointStep('COPY docker-entrypoint.sh / # buildkit', '/docker-entrypoint.sh', 1_620),
        { createdBy: 'ENTRYPOINT ["/docker-entrypoint.sh"]' },
        { createdBy: 'EXPOSE map[80/tcp:{}]' },
        { createdBy: 'STOPSIGNAL SIGQUIT' },
        { createdBy: 'CMD ["nginx" "-g" "daemon off;"]' },
      ],
    },
  },
  mysql: {
    latest: mysql(),
    '8.4': mysql(),
  },
  httpd: {
    latest: {
      created: '2026-10-28T22:01:10Z',
      config: {
        Env: [PATH_DEFAULT, 'HTTPD_PREFIX=/usr/local/apache2', 'HTTPD_VERSION=2.4.65'],
        Cmd: ['httpd-foreground'],
        ExposedPorts: { '80/tcp': {} },
        WorkingDir: '/usr/local/apache2',
        StopSignal: 'SIGWINCH',
      },
      steps: [
        ...debianBase('bookworm', '12.12', 74_800_000),
        {
          createdBy: 'WORKDIR /usr/local/apache2',
          size: 0,
          changes: () => new LayerBuilder().dir('/usr/local/apache2').changes,
        },
        {
          createdBy:
            'RUN /bin/sh -c set -eux; apt-get install -y --no-install-recommends libapr1-dev libaprutil1-dev; make install # buildkit',
          size: 73_000_000,
          changes: () =>
            new LayerBuilder()
              .program('/usr/local/apache2/bin/httpd')
              .file(
                '/usr/local/apache2/htdocs/index.html',
                '<html><body><h1>It works!</h1></body></html>\n',
              )
              .program('/usr/local/bin/httpd-foreground').changes,
        },
        { createdBy: 'EXPOSE map[80/tcp:{}]' },
        { createdBy: 'CMD ["httpd-foreground"]' },
      ],
    },
  },
  redis: {
    latest: {
      created: '2026-11-03T17:44:12Z',
      config: {
        Env: [PATH_DEFAULT, 'REDIS_VERSION=8.2.3'],
        Entrypoint: ['docker-entrypoint.sh'],
        Cmd: ['redis-server'],
        ExposedPorts: { '6379/tcp': {} },
        Volumes: { '/data': {} },
        WorkingDir: '/data',
      },
      steps: [
        ...debianBase('bookworm', '12.12', 74_800_000),
        {
          createdBy: 'RUN /bin/sh -c set -eux; make -C /usr/src/redis install # buildkit',
          size: 62_000_000,
          changes: () =>
            new LayerBuilder()
              .program('/usr/local/bin/redis-server')
              .program('/usr/local/bin/redis-cli')
              .dir('/data').changes,
        },
        entrypointStep(
          'COPY docker-entrypoint.sh /usr/local/bin/ # buildkit',
          '/usr/local/bin/docker-entrypoint.sh',
          1_050,
        ),
        { createdBy: 'VOLUME [/data]' },
        { createdBy: 'WORKDIR /data' },
        { createdBy: 'ENTRYPOINT ["docker-entrypoint.sh"]' },
        { createdBy: 'EXPOSE map[6379/tcp:{}]' },
        { createdBy: 'CMD ["redis-server"]' },
      ],
    },
  },
  python: {
    latest: {
      created: '2026-11-05T20:12:40Z',
      config: { Env: [PATH_DEFAULT, 'LANG=C.UTF-8', 'PYTHON_VERSION=3.14.0'], Cmd: ['python3'] },
      steps: [
        ...debianBase('bookworm', '12.12', 117_000_000),
        ...BUILDPACK_DEPS,
        { createdBy: 'ENV PYTHON_VERSION=3.14.0' },
        {
          createdBy:
            'RUN /bin/sh -c set -eux; ./configure --enable-optimizations; make -j "$nproc"; make install # buildkit',
          size: 150_000_000,
          changes: () =>
            new LayerBuilder()
              .program('/usr/local/bin/python3')
              .program('/usr/local/bin/pip3')
              .link('/usr/local/bin/python', 'python3')
              .link('/usr/local/bin/pip', 'pip3').changes,
        },
        { createdBy: 'CMD ["python3"]' },
      ],
    },
  },
};

function mysql(): ImageSpec {
  return {
    created: '2026-10-22T03:07:15Z',
    config: {
      Env: [
        PATH_DEFAULT,
        'MYSQL_MAJOR=8.4',
        'MYSQL_VERSION=8.4.7-1.el9',
        'MYSQL_SHELL_VERSION=8.4.7-1.el9',
      ],
      Entrypoint: ['docker-entrypoint.sh'],
      Cmd: ['mysqld'],
      ExposedPorts: { '3306/tcp': {}, '33060/tcp': {} },
      Volumes: { '/var/lib/mysql': {} },
    },
    steps: [
      {
        createdBy: 'ADD oraclelinux-9-slim-amd64-rootfs.tar.xz / # buildkit',
        size: 119_000_000,
        changes: () => debianRootfs({ name: 'oraclelinux', version: '9', id: 'ubuntu' }),
      },
      {
        createdBy:
          'RUN /bin/sh -c set -eux; groupadd --system --gid 999 mysql; useradd --system --uid 999 --gid 999 --home-dir /var/lib/mysql --no-create-home mysql # buildkit',
        size: 2_400,
        changes: () => new LayerBuilder().dir('/var/lib/mysql').dir('/var/run/mysqld').changes,
      },
      {
        createdBy:
          'RUN /bin/sh -c set -eux; microdnf install -y mysql-community-server-minimal-$MYSQL_VERSION; microdnf clean all # buildkit',
        size: 560_000_000,
        changes: () =>
          new LayerBuilder()
            .program('/usr/sbin/mysqld')
            .program('/usr/bin/mysql')
            .file(
              '/etc/my.cnf',
              '[mysqld]\nskip-host-cache\nskip-name-resolve\ndatadir=/var/lib/mysql\nsocket=/var/run/mysqld/mysqld.sock\n',
            ).changes,
      },
      { createdBy: 'VOLUME [/var/lib/mysql]' },
      entrypointStep(
        'COPY docker-entrypoint.sh /usr/local/bin/ # buildkit',
        '/usr/local/bin/docker-entrypoint.sh',
        16_400,
      ),
      { createdBy: 'ENTRYPOINT ["docker-entrypoint.sh"]' },
      { createdBy: 'EXPOSE map[3306/tcp:{} 33060/tcp:{}]' },
      { createdBy: 'CMD ["mysqld"]' },
    ],
  };
}

function buildImage(spec: ImageSpec, pulledAs: string): Image {
  const created = Date.parse(spec.created);
  const layers: Layer[] = [];
  const history: HistoryEntry[] = [];
  for (const step of spec.steps) {
    const isLayer = 'size' in step;
    history.push({ created, createdBy: step.createdBy, emptyLayer: !isLayer });
    if (isLayer) layers.push(layerFromChanges(step.changes?.() ?? new Map(), step.size));
  }
  const config: ImageConfig = { ...emptyConfig(), ...spec.config };
  const partial = {
    layers,
    config,
    history,
    created,
    baseLayers: layers.length,
    layerLines: [],
    pulledAs,
  };
  const id = computeImageId(partial);
  const repoDigest = sha256Digest(
    `manifest ${id} ${layers.map((layer) => layer.digest).join(' ')}`,
  );
  return { ...partial, id, repoDigest };
}

const built = new Map<string, Image>();

/** The catalog image for a reference, or undefined when the registry has no such image. */
export function catalogImage(ref: Reference): Image | undefined {
  if (ref.domain !== 'docker.io') return undefined;
  const repository = familiarRepository(ref);
  const tag = ref.tag ?? 'latest';
  const spec = SPECS[repository]?.[tag];
  if (!spec) return undefined;
  const key = `${repository}:${tag}`;
  let image = built.get(key);
  if (!image) built.set(key, (image = buildImage(spec, key)));
  return image;
}

/** Every `repository:tag` the catalog serves, for help texts and completion. */
export function catalogNames(): string[] {
  return Object.entries(SPECS).flatMap(([repository, tags]) =>
    Object.keys(tags).map((tag) => `${repository}:${tag}`),
  );
}
