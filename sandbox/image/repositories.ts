import type { Changes } from '../fs/index.ts';
import {
  alpine,
  alpineLayer,
  ALPINE,
  ALPINE_LATEST,
  buildpackDeps,
  busybox,
  debian,
  oraclelinux,
  ubuntu,
  type BuildpackLevel,
  type DebianCodename,
  type UbuntuCodename,
} from './families.ts';
import { LayerBuilder, NODE_ENTRYPOINT, withUsers, type UserRow } from './rootfs.ts';
import { copy, derive, MB, run, type ImageSpec, type LayerStep, type Recipe } from './spec.ts';

/**
 * The official images by repository: which tags exist and what each is built from. Facts
 * (versions, environment, ports, volumes, stop signals, layer sizes) follow the real images;
 * the files inside are the few that lessons and learners look at.
 */

export type Build = () => ImageSpec;
export type TagTable = Record<string, Build>;

/** One release line and the tag aliases it answers to; `''` is the bare variant (`latest`). */
interface Line {
  version: string;
  aliases: string[];
}

/** One flavour of an image (`-slim`, `-alpine`...) and the suffixes its tags carry. */
interface Variant {
  suffixes: string[];
  build(version: string): ImageSpec;
}

/** Every `alias + suffix` tag of every line and variant; the first line to claim a tag keeps it. */
function tags(lines: Line[], variants: Variant[]): TagTable {
  const table: TagTable = {};
  for (const line of lines) {
    for (const variant of variants) {
      let spec: ImageSpec | undefined;
      const build = () => (spec ??= variant.build(line.version));
      for (const alias of [line.version, ...line.aliases]) {
        for (const suffix of variant.suffixes) {
          const tag = alias === '' ? suffix.slice(1) || 'latest' : `${alias}${suffix}`;
          table[tag] ??= build;
        }
      }
    }
  }
  return table;
}

function layer(fill: (layer: LayerBuilder) => LayerBuilder): () => Changes {
  return () => fill(new LayerBuilder()).changes;
}

function programs(paths: string[]): () => Changes {
  return layer((l) => paths.reduce((acc, path) => acc.program(path), l));
}

/** The layer a server image's `docker-entrypoint.sh` comes from: a simulated program. */
function entrypointLayer(path: string, program: string, size: number): LayerStep {
  const dir = path.slice(0, path.lastIndexOf('/') + 1) || '/';
  return copy(
    `docker-entrypoint.sh ${dir}`,
    size,
    layer((l) => l.program(path, program)),
  );
}

function usersLayer(family: 'debian' | 'alpine' | 'oracle', users: UserRow[], command: string) {
  return run(command, 4_000, () => withUsers(family, users));
}

const GOSU = (family: 'debian' | 'oracle') =>
  run(
    family === 'debian'
      ? 'set -eux; apt-get update; apt-get install -y --no-install-recommends ca-certificates wget; wget -O /usr/local/bin/gosu "https://github.com/tianon/gosu/releases/download/$GOSU_VERSION/gosu-$dpkgArch"; chmod +x /usr/local/bin/gosu; gosu --version; gosu nobody true'
      : 'set -eux; curl -fL -o /usr/local/bin/gosu "https://github.com/tianon/gosu/releases/download/$GOSU_VERSION/gosu-$gosuArch"; chmod +x /usr/local/bin/gosu; gosu --version; gosu nobody true',
    4_460_000,
    programs(['/usr/local/bin/gosu']),
  );

/** Base image of a Debian-family variant: buildpack-deps for full images, Debian slim, alpine. */
type Flavour = 'full' | 'slim' | 'alpine';

function baseFor(flavour: Flavour, codename: DebianCodename, level: BuildpackLevel = 'full') {
  switch (flavour) {
    case 'full':
      return buildpackDeps(codename, level);
    case 'slim':
      return debian(codename, true);
    case 'alpine':
      return alpine(ALPINE_LATEST);
  }
}

/** The usual three flavours of a language image, with Docker Hub's suffixes. */
function languageVariants(
  codename: DebianCodename,
  build: (flavour: Flavour, version: string) => ImageSpec,
): Variant[] {
  return [
    { suffixes: ['', `-${codename}`], build: (v) => build('full', v) },
    { suffixes: ['-slim', `-slim-${codename}`], build: (v) => build('slim', v) },
    {
      suffixes: ['-alpine', `-alpine${ALPINE_LATEST}`],
      build: (v) => build('alpine', v),
    },
  ];
}

// node ------------------------------------------------------------------------------------------

const NODE_USER: UserRow = {
  name: 'node',
  uid: 1000,
  gid: 1000,
  home: '/home/node',
  shell: '/bin/bash',
};

function nodeLayers(os: 'debian' | 'slim' | 'alpine'): Recipe['layers'] {
  const userAdd =
    os === 'alpine'
      ? 'addgroup -g 1000 node     && adduser -u 1000 -G node -s /bin/sh -D node'
      : 'groupadd --gid 1000 node   && useradd --uid 1000 --gid node --shell /bin/bash --create-home node';
  const sizes = { debian: 197 * MB, slim: 152 * MB, alpine: 126 * MB };
  return [
    run(
      `${userAdd}     && ARCH= && dpkgArch="$(dpkg --print-architecture)" && curl -fsSLO --compressed "https://nodejs.org/dist/v$NODE_VERSION/node-v$NODE_VERSION-linux-$ARCH.tar.xz" && tar -xJf "node-v$NODE_VERSION-linux-$ARCH.tar.xz" -C /usr/local --strip-components=1 --no-same-owner`,
      sizes[os],
      () => {
        const user = os === 'alpine' ? { ...NODE_USER, shell: '/bin/sh' } : NODE_USER;
        const { changes } = new LayerBuilder()
          .merge(withUsers(os === 'alpine' ? 'alpine' : 'debian', [user]))
          .program('/usr/local/bin/node', 'node')
          .file(
            '/usr/local/lib/node_modules/npm/package.json',
            '{\n  "name": "npm",\n  "version": "11.6.2",\n  "bin": { "npm": "bin/npm-cli.js", "npx": "bin/npx-cli.js" }\n}\n',
          )
          .program('/usr/local/lib/node_modules/npm/bin/npm-cli.js', 'npm')
          .program('/usr/local/lib/node_modules/npm/bin/npx-cli.js', 'npx')
          .link('/usr/local/bin/npm', '../lib/node_modules/npm/bin/npm-cli.js')
          .link('/usr/local/bin/npx', '../lib/node_modules/npm/bin/npx-cli.js')
          .link('/usr/local/bin/nodejs', 'node')
          .file('/home/node/.profile', '# ~/.profile\n');
        changes.set('/home/node', { ...changes.get('/home/node')!, uid: 1000, gid: 1000 });
        return changes;
      },
    ),
    run(
      'set -ex && curl -fsSLO --compressed "https://yarnpkg.com/downloads/$YARN_VERSION/yarn-v$YARN_VERSION.tar.gz" && tar -xzf yarn-v$YARN_VERSION.tar.gz -C /opt/ && ln -s /opt/yarn-v$YARN_VERSION/bin/yarn /usr/local/bin/yarn',
      5_350_000,
      layer((l) =>
        l
          .program('/opt/yarn-v1.22.22/bin/yarn', 'yarn')
          .link('/usr/local/bin/yarn', '/opt/yarn-v1.22.22/bin/yarn'),
      ),
    ),
    copy(
      'docker-entrypoint.sh /usr/local/bin/',
      388,
      layer((l) => l.file('/usr/local/bin/docker-entrypoint.sh', NODE_ENTRYPOINT, 0o755)),
    ),
  ];
}

function node(version: string, os: 'debian' | 'slim' | 'alpine'): ImageSpec {
  const base =
    os === 'debian'
      ? buildpackDeps('bookworm')
      : os === 'slim'
        ? debian('bookworm', true)
        : { ...alpine('3.22'), steps: [alpineLayer('3.22')] };
  return derive(base, {
    created: os === 'alpine' ? '2026-11-12T18:40:51Z' : '2026-11-12T18:21:07Z',
    env: [
      ['NODE_VERSION', version],
      ['YARN_VERSION', '1.22.22'],
    ],
    layers: nodeLayers(os),
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['node'],
  });
}

const NODE = tags(
  [
    { version: '25.2.1', aliases: ['25.2', '25', 'current', ''] },
    { version: '24.11.1', aliases: ['24.11', '24', 'lts', 'krypton'] },
    { version: '22.21.1', aliases: ['22.21', '22', 'jod'] },
    { version: '20.19.5', aliases: ['20.19', '20', 'iron'] },
    // Past their end of life, but still pulled by many Dockerfiles; Docker Hub keeps the tags.
    { version: '18.20.8', aliases: ['18.20', '18', 'hydrogen'] },
  ],
  [
    { suffixes: ['', '-bookworm'], build: (v) => node(v, 'debian') },
    { suffixes: ['-slim', '-bookworm-slim'], build: (v) => node(v, 'slim') },
    { suffixes: ['-alpine', '-alpine3.22'], build: (v) => node(v, 'alpine') },
  ],
);

// python ----------------------------------------------------------------------------------------

function python(flavour: Flavour, version: string): ImageSpec {
  const minor = version.split('.').slice(0, 2).join('.');
  const sizes = { full: 62 * MB, slim: 44 * MB, alpine: 43 * MB };
  const layers: LayerStep[] = [];
  if (flavour !== 'full') {
    layers.push(
      run(
        flavour === 'alpine'
          ? 'set -eux; apk add --no-cache ca-certificates tzdata'
          : 'set -eux; apt-get update; apt-get install -y --no-install-recommends ca-certificates netbase tzdata; apt-get dist-clean',
        flavour === 'alpine' ? 1_100_000 : 3_450_000,
      ),
    );
  }
  layers.push(
    run(
      'set -eux; wget -O python.tar.xz "https://www.python.org/ftp/python/${PYTHON_VERSION%%[a-z]*}/Python-$PYTHON_VERSION.tar.xz"; ./configure --enable-loadable-sqlite-extensions --enable-optimizations --enable-option-checking=fatal --enable-shared --with-lto; make -j "$nproc"; make install; python3 --version; pip3 --version',
      sizes[flavour],
      layer((l) =>
        l
          .program(`/usr/local/bin/python${minor}`, 'python')
          .program(`/usr/local/bin/pip${minor}`, 'pip')
          .link('/usr/local/bin/python3', `python${minor}`)
          .link('/usr/local/bin/pip3', `pip${minor}`)
          .program('/usr/local/bin/pydoc3')
          .program('/usr/local/bin/idle3')
          .dir(`/usr/local/lib/python${minor}/site-packages`),
      ),
    ),
    run(
      'set -eux; for src in idle3 pip3 pydoc3 python3 python3-config; do dst="$(echo "$src" | tr -d 3)"; [ -s "/usr/local/bin/$src" ]; [ ! -e "/usr/local/bin/$dst" ]; ln -svT "$src" "/usr/local/bin/$dst"; done',
      60,
      layer((l) =>
        l
          .link('/usr/local/bin/python', 'python3')
          .link('/usr/local/bin/pip', 'pip3')
          .link('/usr/local/bin/pydoc', 'pydoc3')
          .link('/usr/local/bin/idle', 'idle3'),
      ),
    ),
  );
  return derive(baseFor(flavour, 'trixie'), {
    created: '2026-11-05T20:12:40Z',
    env: [
      ['PATH', '/usr/local/bin:$PATH'],
      ['PYTHON_VERSION', version],
    ],
    layers,
    cmd: ['python3'],
  });
}

const PYTHON = tags(
  [
    { version: '3.14.0', aliases: ['3.14', '3', ''] },
    { version: '3.13.9', aliases: ['3.13'] },
    { version: '3.12.12', aliases: ['3.12'] },
    { version: '3.11.14', aliases: ['3.11'] },
  ],
  languageVariants('trixie', python),
);

// golang ----------------------------------------------------------------------------------------

function golang(flavour: Flavour, version: string): ImageSpec {
  const layers: LayerStep[] = [];
  if (flavour !== 'alpine') {
    layers.push(
      run(
        'set -eux; apt-get update; apt-get install -y --no-install-recommends g++ gcc libc6-dev make pkg-config; rm -rf /var/lib/apt/lists/*',
        flavour === 'full' ? 238 * MB : 0,
      ),
    );
  }
  layers.push(
    run(
      'set -eux; now="$(date \'+%s\')"; arch="$(dpkg --print-architecture)"; url="https://dl.google.com/go/go$GOLANG_VERSION.linux-$arch.tar.gz"; wget -O go.tgz "$url"; tar --extract --file go.tgz --directory /usr/local; go version',
      flavour === 'alpine' ? 266 * MB : 276 * MB,
      programs(['/usr/local/go/bin/go', '/usr/local/go/bin/gofmt']),
    ),
    run(
      'mkdir -p "$GOPATH/src" "$GOPATH/bin" && chmod -R 1777 "$GOPATH"',
      0,
      layer((l) => l.dir('/go/src', 0o1777).dir('/go/bin', 0o1777)),
    ),
  );
  return derive(baseFor(flavour, 'trixie', 'scm'), {
    created: '2026-11-06T02:14:31Z',
    env: [
      ['PATH', '/usr/local/go/bin:$PATH'],
      ['GOLANG_VERSION', version],
      ['GOTOOLCHAIN', 'local'],
      ['GOPATH', '/go'],
      ['PATH', '$GOPATH/bin:$PATH'],
    ],
    layers: layers.filter((step) => step.size > 0 || step.createdBy.includes('GOPATH')),
    workdir: '/go',
  });
}

const GOLANG = tags(
  [
    { version: '1.25.4', aliases: ['1.25', '1', ''] },
    { version: '1.24.10', aliases: ['1.24'] },
    // Unsupported releases whose tags Docker Hub still serves.
    { version: '1.23.12', aliases: ['1.23'] },
    { version: '1.22.12', aliases: ['1.22'] },
  ],
  [
    { suffixes: ['', '-trixie'], build: (v) => golang('full', v) },
    { suffixes: ['-alpine', `-alpine${ALPINE_LATEST}`], build: (v) => golang('alpine', v) },
  ],
);

// rust ------------------------------------------------------------------------------------------

function rust(flavour: Flavour, version: string): ImageSpec {
  const sizes = { full: 612 * MB, slim: 735 * MB, alpine: 862 * MB };
  return derive(baseFor(flavour, 'trixie'), {
    created: '2026-11-10T23:02:17Z',
    env: [
      ['RUSTUP_HOME', '/usr/local/rustup'],
      ['CARGO_HOME', '/usr/local/cargo'],
      ['PATH', '/usr/local/cargo/bin:$PATH'],
      ['RUST_VERSION', version],
    ],
    layers: [
      run(
        'set -eux; url="https://static.rust-lang.org/rustup/archive/1.28.2/${rustArch}/rustup-init"; wget "$url"; ./rustup-init -y --no-modify-path --profile minimal --default-toolchain $RUST_VERSION --default-host ${rustArch}; rm rustup-init; chmod -R a+w $RUSTUP_HOME $CARGO_HOME; rustup --version; cargo --version; rustc --version',
        sizes[flavour],
        programs(
          ['cargo', 'rustc', 'rustup', 'rustdoc', 'rustfmt', 'cargo-clippy', 'clippy-driver'].map(
            (name) => `/usr/local/cargo/bin/${name}`,
          ),
        ),
      ),
    ],
  });
}

const RUST = tags(
  [{ version: '1.91.1', aliases: ['1.91', '1', ''] }],
  languageVariants('trixie', rust),
);

// eclipse-temurin and openjdk -------------------------------------------------------------------

const JAVA_TOOLS = ['java', 'javac', 'jar', 'jshell', 'javadoc', 'keytool', 'jlink'];

function javaLayer(home: string, jre: boolean, size: number, command: string): LayerStep {
  const names = jre ? ['java', 'keytool'] : JAVA_TOOLS;
  return run(command, size, programs(names.map((name) => `${home}/bin/${name}`)));
}

function temurin(version: string, kind: 'jdk' | 'jre', os: 'noble' | 'alpine'): ImageSpec {
  const base = os === 'noble' ? ubuntu('noble') : alpine(ALPINE_LATEST);
  const full = version.startsWith('8') ? `jdk${version}` : `jdk-${version}`;
  return derive(base, {
    created: '2026-10-24T17:51:08Z',
    env: [
      ['JAVA_HOME', '/opt/java/openjdk'],
      ['PATH', '$JAVA_HOME/bin:$PATH'],
      ['LANG', 'en_US.UTF-8'],
      ['LANGUAGE', 'en_US:en'],
      ['LC_ALL', 'en_US.UTF-8'],
      ['JAVA_VERSION', full],
    ],
    layers: [
      run(
        os === 'noble'
          ? 'set -eux; apt-get update; DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl wget fontconfig ca-certificates p11-kit tzdata locales; echo "en_US.UTF-8 UTF-8" >> /etc/locale.gen; locale-gen en_US.UTF-8; rm -rf /var/lib/apt/lists/*'
          : 'set -eux; apk add --no-cache fontconfig ttf-dejavu gnupg ca-certificates p11-kit-trust musl-locales musl-locales-lang tzdata coreutils openssl',
        os === 'noble' ? 46 * MB : 24 * MB,
        programs(['/usr/bin/curl', '/usr/bin/wget']),
      ),
      javaLayer(
        '/opt/java/openjdk',
        kind === 'jre',
        kind === 'jre' ? 142 * MB : 332 * MB,
        'set -eux; wget --progress=dot:giga -O /tmp/openjdk.tar.gz ${BINARY_URL}; tar --extract --file /tmp/openjdk.tar.gz --directory "$JAVA_HOME" --strip-components 1 --no-same-owner; rm -f /tmp/openjdk.tar.gz',
      ),
      run(
        'set -eux; echo "Verifying install ..."; fileEncoding="$(echo \'System.out.println(System.getProperty("file.encoding"))\' | jshell -s -)"; [ "$fileEncoding" = \'UTF-8\' ]; rm -rf ~/.java; echo "javac --version"; javac --version; echo "java --version"; java --version; echo "Complete."',
        0,
      ),
      copy(
        '--chmod=755 entrypoint.sh /__cacert_entrypoint.sh',
        5_310,
        layer((l) =>
          l.file('/__cacert_entrypoint.sh', '#!/usr/bin/env bash\nset -e\nexec "$@"\n', 0o755),
        ),
      ),
    ].filter((step) => step.size > 0),
    entrypoint: ['/__cacert_entrypoint.sh'],
    cmd: kind === 'jdk' ? ['jshell'] : undefined,
  });
}

function temurinTags(): TagTable {
  const lines: Line[] = [
    { version: '25.0.1_8', aliases: ['25', ''] },
    { version: '21.0.9_10', aliases: ['21'] },
    { version: '17.0.17_10', aliases: ['17'] },
    { version: '11.0.29_7', aliases: ['11'] },
    { version: '8u472-b08', aliases: ['8'] },
  ];
  const real = (tag: string) => tag.replace('_', '+');
  return tags(lines, [
    {
      suffixes: ['', '-jdk', '-noble', '-jdk-noble'],
      build: (v) => temurin(real(v), 'jdk', 'noble'),
    },
    { suffixes: ['-jre', '-jre-noble'], build: (v) => temurin(real(v), 'jre', 'noble') },
    { suffixes: ['-alpine', '-jdk-alpine'], build: (v) => temurin(real(v), 'jdk', 'alpine') },
    { suffixes: ['-jre-alpine'], build: (v) => temurin(real(v), 'jre', 'alpine') },
  ]);
}

/** openjdk: deprecated upstream; the tags that remain, and no `latest`. */
function openjdk(major: string, slim: boolean): ImageSpec {
  const versions: Record<string, string> = { '17': '17.0.2', '11': '11.0.16', '8': '8u342' };
  const home = major === '17' && !slim ? '/usr/java/openjdk-17' : `/usr/local/openjdk-${major}`;
  const base =
    major === '17' && !slim
      ? oraclelinux('8', true)
      : slim
        ? debian('bookworm', true)
        : buildpackDeps('bookworm', 'scm');
  return derive(base, {
    created: '2022-10-06T21:44:56Z',
    env: [
      ['JAVA_HOME', home],
      ['PATH', '$JAVA_HOME/bin:$PATH'],
      ['LANG', 'C.UTF-8'],
      ['JAVA_VERSION', versions[major]!],
    ],
    layers: [
      javaLayer(
        home,
        false,
        slim ? 190 * MB : 325 * MB,
        'set -eux; curl -fL -o openjdk.tgz "$downloadUrl"; mkdir -p "$JAVA_HOME"; tar --extract --file openjdk.tgz --directory "$JAVA_HOME" --strip-components 1 --no-same-owner; rm openjdk.tgz*; java -Xshare:dump; javac --version; java --version',
      ),
    ],
    cmd: major === '8' ? undefined : ['jshell'],
  });
}

const OPENJDK: TagTable = {
  ...tags(
    [{ version: '17.0.2', aliases: ['17'] }],
    [
      {
        suffixes: ['', '-jdk', '-oracle', '-jdk-oracle', '-oraclelinux8'],
        build: () => openjdk('17', false),
      },
      { suffixes: ['-slim', '-jdk-slim'], build: () => openjdk('17', true) },
    ],
  ),
  ...tags(
    [
      { version: '11.0.16', aliases: ['11'] },
      { version: '8u342', aliases: ['8'] },
    ],
    [
      { suffixes: ['', '-jdk'], build: (v) => openjdk(v.startsWith('8') ? '8' : '11', false) },
      {
        suffixes: ['-slim', '-jdk-slim'],
        build: (v) => openjdk(v.startsWith('8') ? '8' : '11', true),
      },
    ],
  ),
};

// ruby ------------------------------------------------------------------------------------------

function ruby(flavour: Flavour, version: string): ImageSpec {
  const sizes = { full: 62 * MB, slim: 142 * MB, alpine: 88 * MB };
  return derive(baseFor(flavour, 'trixie'), {
    created: '2026-11-05T03:40:12Z',
    env: [
      ['LANG', 'C.UTF-8'],
      ['RUBY_VERSION', version],
      ['GEM_HOME', '/usr/local/bundle'],
      ['BUNDLE_SILENCE_ROOT_WARNING', '1'],
      ['BUNDLE_APP_CONFIG', '$GEM_HOME'],
      ['PATH', '$GEM_HOME/bin:$PATH'],
    ],
    layers: [
      run(
        'set -eux; wget -O ruby.tar.xz "https://cache.ruby-lang.org/pub/ruby/${RUBY_VERSION%.*}/ruby-$RUBY_VERSION.tar.xz"; ./configure --build="$gnuArch" --disable-install-doc --enable-shared; make -j "$(nproc)"; make install; ruby --version; gem --version; bundle --version',
        sizes[flavour],
        programs(
          ['ruby', 'gem', 'bundle', 'bundler', 'irb', 'erb', 'rake', 'rdoc', 'ri'].map(
            (name) => `/usr/local/bin/${name}`,
          ),
        ),
      ),
      run(
        'mkdir -p "$GEM_HOME" && chmod 1777 "$GEM_HOME"',
        0,
        layer((l) => l.dir('/usr/local/bundle', 0o1777)),
      ),
    ],
    cmd: ['irb'],
  });
}

const RUBY = tags(
  [
    { version: '3.4.7', aliases: ['3.4', '3', ''] },
    { version: '3.3.10', aliases: ['3.3'] },
  ],
  languageVariants('trixie', ruby),
);

// php -------------------------------------------------------------------------------------------

type PhpVariant = 'cli' | 'apache' | 'fpm';

const PHP_TOOLS = [
  'php',
  'php-config',
  'phpize',
  'pecl',
  'pear',
  'docker-php-ext-install',
  'docker-php-ext-enable',
  'docker-php-ext-configure',
  'docker-php-source',
  'docker-php-entrypoint',
];

function php(version: string, variant: PhpVariant, os: 'debian' | 'alpine'): ImageSpec {
  const base = os === 'debian' ? debian('trixie', true) : alpine(ALPINE_LATEST);
  const tools = PHP_TOOLS.map((name) => `/usr/local/bin/${name}`);
  if (variant === 'fpm') tools.push('/usr/local/sbin/php-fpm');
  if (variant === 'apache') tools.push('/usr/local/bin/apache2-foreground', '/usr/sbin/apache2');
  const recipe: Recipe = {
    created: '2026-11-21T16:30:55Z',
    env: [
      [
        'PHPIZE_DEPS',
        'autoconf \t\tdpkg-dev \t\tfile \t\tg++ \t\tgcc \t\tlibc-dev \t\tmake \t\tpkg-config \t\tre2c',
      ],
      ['PHP_INI_DIR', '/usr/local/etc/php'],
      ...(variant === 'apache'
        ? ([
            ['APACHE_CONFDIR', '/etc/apache2'],
            ['APACHE_ENVVARS', '$APACHE_CONFDIR/envvars'],
          ] as Array<[string, string]>)
        : []),
      [
        'PHP_CFLAGS',
        '-fstack-protector-strong -fpic -fpie -O2 -D_LARGEFILE_SOURCE -D_FILE_OFFSET_BITS=64',
      ],
      ['PHP_CPPFLAGS', '$PHP_CFLAGS'],
      ['PHP_LDFLAGS', '-Wl,-O1 -pie'],
      ['PHP_VERSION', version],
      ['PHP_URL', `https://www.php.net/distributions/php-${version}.tar.xz`],
    ],
    layers: [
      run(
        os === 'debian'
          ? 'set -eux; apt-get update; apt-get install -y --no-install-recommends $PHPIZE_DEPS ca-certificates curl xz-utils; rm -rf /var/lib/apt/lists/*'
          : 'apk add --no-cache ca-certificates curl openssl tar xz',
        os === 'debian' ? 238 * MB : 14 * MB,
      ),
      run(
        'set -eux; mkdir -p "$PHP_INI_DIR/conf.d"; [ ! -d /var/www/html ]; mkdir -p /var/www/html; chown www-data:www-data /var/www/html; chmod 1777 /var/www/html',
        0,
        layer((l) => l.dir('/usr/local/etc/php/conf.d').dir('/var/www/html', 0o1777)),
      ),
      run(
        'set -eux; ./configure --build="$gnuArch" --with-config-file-path="$PHP_INI_DIR" --with-config-file-scan-dir="$PHP_INI_DIR/conf.d" --enable-option-checking=fatal --with-mhash --with-pic --enable-ftp --enable-mbstring --enable-mysqlnd --with-password-argon2 --with-sodium=shared --with-pdo-sqlite=/usr --with-sqlite3=/usr --with-curl --with-iconv --with-openssl --with-readline --with-zlib; make -j "$(nproc)"; make install; php --version',
        variant === 'apache' ? 118 * MB : os === 'debian' ? 96 * MB : 62 * MB,
        programs(tools),
      ),
    ],
    entrypoint: ['docker-php-entrypoint'],
  };
  switch (variant) {
    case 'cli':
      return derive(base, { ...recipe, cmd: ['php', '-a'] });
    case 'apache':
      return derive(base, {
        ...recipe,
        workdir: '/var/www/html',
        stopSignal: 'SIGWINCH',
        ports: ['80/tcp'],
        cmd: ['apache2-foreground'],
      });
    case 'fpm':
      return derive(base, {
        ...recipe,
        workdir: '/var/www/html',
        stopSignal: 'SIGQUIT',
        ports: ['9000/tcp'],
        cmd: ['php-fpm'],
      });
  }
}

const PHP = tags(
  [
    { version: '8.4.14', aliases: ['8.4', '8', ''] },
    { version: '8.3.27', aliases: ['8.3'] },
  ],
  [
    { suffixes: ['', '-cli', '-trixie', '-cli-trixie'], build: (v) => php(v, 'cli', 'debian') },
    { suffixes: ['-apache', '-apache-trixie'], build: (v) => php(v, 'apache', 'debian') },
    { suffixes: ['-fpm', '-fpm-trixie'], build: (v) => php(v, 'fpm', 'debian') },
    { suffixes: ['-alpine', '-cli-alpine'], build: (v) => php(v, 'cli', 'alpine') },
    { suffixes: ['-fpm-alpine'], build: (v) => php(v, 'fpm', 'alpine') },
  ],
);

// nginx -----------------------------------------------------------------------------------------

/** The welcome page the nginx package installs, in this project's words. */
export const NGINX_INDEX =
  '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>This is the default page of the nginx image.</p>\n</body>\n</html>\n';

const NGINX_50X =
  '<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n<h1>An error occurred.</h1>\n<p>The page you are looking for is currently unavailable.</p>\n</body>\n</html>\n';

export const NGINX_DEFAULT_CONF =
  'server {\n    listen       80;\n    server_name  localhost;\n\n    location / {\n        root   /usr/share/nginx/html;\n        index  index.html index.htm;\n    }\n\n    error_page   500 502 503 504  /50x.html;\n    location = /50x.html {\n        root   /usr/share/nginx/html;\n    }\n}\n';

const NGINX_CONF =
  '\nuser  nginx;\nworker_processes  auto;\n\nerror_log  /var/log/nginx/error.log notice;\npid        /run/nginx.pid;\n\n\nevents {\n    worker_connections  1024;\n}\n\n\nhttp {\n    include       /etc/nginx/mime.types;\n    default_type  application/octet-stream;\n\n    log_format  main  \'$remote_addr - $remote_user [$time_local] "$request" \'\n                      \'$status $body_bytes_sent "$http_referer" \'\n                      \'"$http_user_agent" "$http_x_forwarded_for"\';\n\n    access_log  /var/log/nginx/access.log  main;\n\n    sendfile        on;\n    keepalive_timeout  65;\n\n    include /etc/nginx/conf.d/*.conf;\n}\n';

/** The scripts in /docker-entrypoint.d, which the entrypoint runs or sources in name order. */
export const NGINX_ENTRYPOINT_SCRIPTS = [
  '10-listen-on-ipv6-by-default.sh',
  '15-local-resolvers.envsh',
  '20-envsubst-on-templates.sh',
  '30-tune-worker-processes.sh',
];

function nginx(version: string, njs: string, os: 'debian' | 'alpine'): ImageSpec {
  const release = os === 'debian' ? '1~trixie' : '1';
  const user: UserRow = {
    name: 'nginx',
    uid: 101,
    gid: 101,
    home: '/nonexistent',
    shell: '/bin/false',
    gecos: 'nginx user',
  };
  return derive(os === 'debian' ? debian('trixie', true) : alpine(ALPINE_LATEST), {
    created: '2026-10-28T21:12:34Z',
    labels: { maintainer: 'NGINX Docker Maintainers <docker-maint@nginx.com>' },
    env: [
      ['NGINX_VERSION', version],
      ['NJS_VERSION', njs],
      ['NJS_RELEASE', release],
      ['PKG_RELEASE', release],
      ...(os === 'debian' ? ([['DYNPKG_RELEASE', release]] as Array<[string, string]>) : []),
    ],
    layers: [
      run(
        'set -x && groupadd --system --gid 101 nginx && useradd --system --gid nginx --no-create-home --home /nonexistent --comment "nginx user" --shell /bin/false --uid 101 nginx && apt-get update && apt-get install --no-install-recommends --no-install-suggests -y nginx=${NGINX_VERSION}-${PKG_RELEASE} nginx-module-njs=${NGINX_VERSION}+${NJS_VERSION}-${NJS_RELEASE} gettext-base curl && ln -sf /dev/stdout /var/log/nginx/access.log && ln -sf /dev/stderr /var/log/nginx/error.log && mkdir /docker-entrypoint.d',
        os === 'debian' ? 114 * MB : 43 * MB,
        () => {
          return new LayerBuilder()
            .merge(withUsers(os === 'debian' ? 'debian' : 'alpine', [user]))
            .program('/usr/sbin/nginx')
            .program('/usr/sbin/nginx-debug', 'nginx')
            .program('/usr/bin/envsubst')
            .program('/usr/bin/curl')
            .file('/etc/nginx/nginx.conf', NGINX_CONF)
            .file('/etc/nginx/conf.d/default.conf', NGINX_DEFAULT_CONF)
            .file('/usr/share/nginx/html/index.html', NGINX_INDEX)
            .file('/usr/share/nginx/html/50x.html', NGINX_50X)
            .dir('/var/cache/nginx')
            .link('/var/log/nginx/access.log', '/dev/stdout')
            .link('/var/log/nginx/error.log', '/dev/stderr')
            .dir('/docker-entrypoint.d').changes;
        },
      ),
      entrypointLayer('/docker-entrypoint.sh', 'nginx-entrypoint', 1_620),
      ...NGINX_ENTRYPOINT_SCRIPTS.map((name) =>
        copy(
          `${name} /docker-entrypoint.d`,
          2_000,
          layer((l) =>
            l.file(
              `/docker-entrypoint.d/${name}`,
              `#!/bin/sh\n# packaged with the nginx image: /docker-entrypoint.sh does what ${name} does\nexit 0\n`,
              0o755,
            ),
          ),
        ),
      ),
    ],
    entrypoint: ['/docker-entrypoint.sh'],
    ports: ['80/tcp'],
    stopSignal: 'SIGQUIT',
    cmd: ['nginx', '-g', 'daemon off;'],
  });
}

const NGINX = tags(
  [
    { version: '1.29.3', aliases: ['1.29', '1', 'mainline', ''] },
    { version: '1.28.0', aliases: ['1.28', 'stable'] },
    { version: '1.27.5', aliases: ['1.27'] },
  ],
  [
    { suffixes: ['', '-trixie'], build: (v) => nginx(v, '0.9.4', 'debian') },
    {
      suffixes: ['-alpine', `-alpine${ALPINE_LATEST}`],
      build: (v) => nginx(v, '0.9.4', 'alpine'),
    },
  ],
);

// httpd -----------------------------------------------------------------------------------------

/** The image's start script: a stale pid file from an earlier run would stop Apache starting. */
const HTTPD_FOREGROUND =
  '#!/bin/sh\nset -e\n\n# a pid file left by an earlier run keeps Apache from starting\nrm -f /usr/local/apache2/logs/httpd.pid\n\nexec httpd -DFOREGROUND "$@"\n';

function httpd(version: string, os: 'debian' | 'alpine'): ImageSpec {
  return derive(os === 'debian' ? debian('trixie', true) : alpine(ALPINE_LATEST), {
    created: '2026-10-28T22:01:10Z',
    env: [
      ['HTTPD_PREFIX', '/usr/local/apache2'],
      ['PATH', '$HTTPD_PREFIX/bin:$PATH'],
      ['HTTPD_VERSION', version],
      ['HTTPD_PATCHES', ''],
    ],
    layers: [
      run(
        'mkdir -p "$HTTPD_PREFIX" && chown www-data:www-data "$HTTPD_PREFIX"',
        0,
        layer((l) => l.dir('/usr/local/apache2')),
      ),
      run(
        'set -eux; apt-get update; apt-get install -y --no-install-recommends ca-certificates libaprutil1-ldap libldap-common; rm -rf /var/lib/apt/lists/*',
        os === 'debian' ? 8_900_000 : 2_600_000,
      ),
      run(
        'set -eux; wget -O httpd.tar.bz2 "https://dlcdn.apache.org/httpd/httpd-$HTTPD_VERSION.tar.bz2"; ./configure --build="$gnuArch" --prefix="$HTTPD_PREFIX" --enable-mods-shared=reallyall --enable-mpms-shared=all; make -j "$(nproc)"; make install; httpd -v',
        os === 'debian' ? 60 * MB : 50 * MB,
        layer((l) =>
          l
            .program('/usr/local/apache2/bin/httpd')
            .program('/usr/local/apache2/bin/apachectl')
            .dir('/usr/local/apache2/logs')
            .file(
              '/usr/local/apache2/htdocs/index.html',
              '<html><body><h1>It works!</h1></body></html>\n',
            )
            .file(
              '/usr/local/apache2/conf/httpd.conf',
              'ServerRoot "/usr/local/apache2"\nListen 80\nDocumentRoot "/usr/local/apache2/htdocs"\n',
            ),
        ),
      ),
      copy(
        'httpd-foreground /usr/local/bin/',
        138,
        layer((l) => l.file('/usr/local/bin/httpd-foreground', HTTPD_FOREGROUND, 0o755)),
      ),
    ].filter((step) => step.size > 0 || step.createdBy.includes('mkdir')),
    workdir: '/usr/local/apache2',
    stopSignal: 'SIGWINCH',
    ports: ['80/tcp'],
    cmd: ['httpd-foreground'],
  });
}

const HTTPD = tags(
  [{ version: '2.4.65', aliases: ['2.4', '2', ''] }],
  [
    { suffixes: ['', '-trixie'], build: (v) => httpd(v, 'debian') },
    { suffixes: ['-alpine', `-alpine${ALPINE_LATEST}`], build: (v) => httpd(v, 'alpine') },
  ],
);

// redis -----------------------------------------------------------------------------------------

function redis(version: string, os: 'debian' | 'alpine'): ImageSpec {
  const user: UserRow = {
    name: 'redis',
    uid: 999,
    gid: 999,
    home: '/home/redis',
    shell: '/bin/sh',
  };
  return derive(os === 'debian' ? debian('bookworm', true) : alpine(ALPINE_LATEST), {
    created: '2026-11-03T17:44:12Z',
    env: [
      ['GOSU_VERSION', '1.17'],
      ['REDIS_VERSION', version],
      ['REDIS_DOWNLOAD_URL', `https://github.com/redis/redis/archive/refs/tags/${version}.tar.gz`],
    ],
    layers: [
      usersLayer(
        os === 'debian' ? 'debian' : 'alpine',
        [user],
        'set -eux; groupadd -r -g 999 redis; useradd -r -g redis -u 999 redis',
      ),
      ...(os === 'debian' ? [GOSU('debian')] : []),
      run(
        'set -eux; wget -O redis.tar.gz "$REDIS_DOWNLOAD_URL"; make -C /usr/src/redis -j "$(nproc)" all; make -C /usr/src/redis install; redis-cli --version; redis-server --version',
        os === 'debian' ? 58 * MB : 51 * MB,
        programs(
          [
            'redis-server',
            'redis-cli',
            'redis-benchmark',
            'redis-check-aof',
            'redis-check-rdb',
          ].map((name) => `/usr/local/bin/${name}`),
        ),
      ),
      run(
        'mkdir /data && chown redis:redis /data',
        0,
        layer((l) => l.dir('/data')),
      ),
      entrypointLayer('/usr/local/bin/docker-entrypoint.sh', 'redis-entrypoint', 1_050),
    ],
    volumes: ['/data'],
    workdir: '/data',
    entrypoint: ['docker-entrypoint.sh'],
    ports: ['6379/tcp'],
    cmd: ['redis-server'],
  });
}

const REDIS = tags(
  [
    { version: '8.2.3', aliases: ['8.2', '8', ''] },
    { version: '7.4.7', aliases: ['7.4', '7'] },
    { version: '7.2.12', aliases: ['7.2'] },
  ],
  [
    { suffixes: ['', '-bookworm'], build: (v) => redis(v, 'debian') },
    { suffixes: ['-alpine', `-alpine${ALPINE_LATEST}`], build: (v) => redis(v, 'alpine') },
  ],
);

// postgres --------------------------------------------------------------------------------------

/** PGDATA and the VOLUME by major: 18 moved both up to /var/lib/postgresql. */
export function postgresDataDir(major: number): { pgdata: string; volume: string } {
  return major >= 18
    ? { pgdata: `/var/lib/postgresql/${major}/docker`, volume: '/var/lib/postgresql' }
    : { pgdata: '/var/lib/postgresql/data', volume: '/var/lib/postgresql/data' };
}

function postgres(version: string, os: 'debian' | 'alpine'): ImageSpec {
  const major = Number(version.split('.')[0]);
  const { pgdata, volume } = postgresDataDir(major);
  const user: UserRow = {
    name: 'postgres',
    uid: os === 'debian' ? 999 : 70,
    gid: os === 'debian' ? 999 : 70,
    home: '/var/lib/postgresql',
    shell: '/bin/bash',
  };
  const bin = os === 'debian' ? `/usr/lib/postgresql/${major}/bin` : '/usr/local/bin';
  return derive(os === 'debian' ? debian('trixie', true) : alpine(ALPINE_LATEST), {
    created: '2026-11-14T00:47:39Z',
    env: [
      ['GOSU_VERSION', '1.19'],
      ['LANG', 'en_US.utf8'],
      ['PG_MAJOR', String(major)],
      ...(os === 'debian'
        ? ([
            ['PATH', `$PATH:/usr/lib/postgresql/${major}/bin`],
            ['PG_VERSION', `${version}-1.pgdg13+1`],
          ] as Array<[string, string]>)
        : ([['PG_VERSION', version]] as Array<[string, string]>)),
      ['PGDATA', pgdata],
    ],
    layers: [
      usersLayer(
        os === 'debian' ? 'debian' : 'alpine',
        [user],
        'set -eux; groupadd -r postgres --gid=999; useradd -r -g postgres --uid=999 --home-dir=/var/lib/postgresql --shell=/bin/bash postgres; install --verbose --directory --owner postgres --group postgres --mode 1777 /var/lib/postgresql',
      ),
      ...(os === 'debian' ? [GOSU('debian')] : []),
      run(
        "set -eux; apt-get update; apt-get install -y --no-install-recommends locales; echo 'en_US.UTF-8 UTF-8' >> /etc/locale.gen; locale-gen; locale -a | grep 'en_US.utf8'",
        os === 'debian' ? 27 * MB : 0,
      ),
      run(
        'mkdir /docker-entrypoint-initdb.d',
        0,
        layer((l) => l.dir('/docker-entrypoint-initdb.d')),
      ),
      run(
        'set -ex; apt-get update; apt-get install -y --no-install-recommends "postgresql-$PG_MAJOR=$PG_VERSION"; rm -rf /var/lib/apt/lists/*; postgres --version',
        os === 'debian' ? 338 * MB : 262 * MB,
        layer((l) =>
          ['postgres', 'initdb', 'pg_ctl', 'psql', 'pg_dump', 'pg_isready']
            .reduce((acc, name) => acc.program(`${bin}/${name}`), l)
            .dir(volume),
        ),
      ),
      run(
        'install --verbose --directory --owner postgres --group postgres --mode 3777 /var/run/postgresql',
        0,
        layer((l) => l.dir('/var/run/postgresql', 0o3777)),
      ),
      entrypointLayer('/usr/local/bin/docker-entrypoint.sh', 'postgres-entrypoint', 14_200),
    ].filter(
      (step) =>
        step.size > 0 ||
        step.createdBy.startsWith('RUN /bin/sh -c mkdir') ||
        step.createdBy.includes('3777'),
    ),
    volumes: [volume],
    entrypoint: ['docker-entrypoint.sh'],
    stopSignal: 'SIGINT',
    ports: ['5432/tcp'],
    cmd: ['postgres'],
  });
}

const POSTGRES = tags(
  [
    { version: '18.1', aliases: ['18', ''] },
    { version: '17.7', aliases: ['17'] },
    { version: '16.11', aliases: ['16'] },
  ],
  [
    { suffixes: ['', '-trixie'], build: (v) => postgres(v, 'debian') },
    { suffixes: ['-alpine', `-alpine${ALPINE_LATEST}`], build: (v) => postgres(v, 'alpine') },
  ],
);

// mysql -----------------------------------------------------------------------------------------

function mysql(version: string): ImageSpec {
  const major = version.split('.').slice(0, 2).join('.');
  const user: UserRow = {
    name: 'mysql',
    uid: 999,
    gid: 999,
    home: '/var/lib/mysql',
    shell: '/bin/bash',
  };
  return derive(oraclelinux('9', true), {
    created: '2026-10-22T03:07:15Z',
    env: [
      ['GOSU_VERSION', '1.19'],
      ['MYSQL_MAJOR', major],
      ['MYSQL_VERSION', `${version}-1.el9`],
      ['MYSQL_SHELL_VERSION', `${version}-1.el9`],
    ],
    layers: [
      usersLayer(
        'oracle',
        [user],
        'set -eux; groupadd --system --gid 999 mysql; useradd --system --uid 999 --gid 999 --home-dir /var/lib/mysql --no-create-home mysql',
      ),
      GOSU('oracle'),
      run(
        'set -eux; microdnf install -y bzip2 gzip openssl xz zstd findutils; microdnf clean all',
        10_400_000,
        programs([
          '/usr/bin/gzip',
          '/usr/bin/xz',
          '/usr/bin/find',
          '/usr/bin/xargs',
          '/usr/bin/openssl',
        ]),
      ),
      run(
        "set -eux; microdnf install -y \"mysql-community-server-minimal-$MYSQL_VERSION\"; microdnf clean all; grep -F 'socket=/var/lib/mysql/mysql.sock' /etc/my.cnf; sed -i 's!^socket=.*!socket=/var/run/mysqld/mysqld.sock!' /etc/my.cnf; install -d /var/lib/mysql /var/run/mysqld /var/lib/mysql-files --owner mysql --group mysql --mode 1777; mysqld --version; mysql --version",
        484 * MB,
        layer((l) =>
          l
            .program('/usr/sbin/mysqld')
            .program('/usr/bin/mysql')
            .program('/usr/bin/mysqladmin')
            .program('/usr/bin/mysqldump')
            .dir('/var/lib/mysql', 0o1777)
            .dir('/var/run/mysqld', 0o1777)
            .dir('/var/lib/mysql-files', 0o1777)
            .dir('/docker-entrypoint-initdb.d')
            .file(
              '/etc/my.cnf',
              '[mysqld]\nhost-cache-size=0\nskip-name-resolve\ndatadir=/var/lib/mysql\nsocket=/var/run/mysqld/mysqld.sock\nsecure-file-priv=/var/lib/mysql-files\nuser=mysql\n\npid-file=/var/run/mysqld/mysqld.pid\n[client]\nsocket=/var/run/mysqld/mysqld.sock\n\n!includedir /etc/mysql/conf.d/\n',
            )
            .dir('/etc/mysql/conf.d'),
        ),
      ),
      run(
        'set -eux; microdnf install -y "mysql-shell-$MYSQL_SHELL_VERSION"; microdnf clean all; mysqlsh --version',
        171 * MB,
        programs(['/usr/bin/mysqlsh']),
      ),
      entrypointLayer('/usr/local/bin/docker-entrypoint.sh', 'mysql-entrypoint', 16_400),
    ],
    volumes: ['/var/lib/mysql'],
    entrypoint: ['docker-entrypoint.sh'],
    ports: ['3306/tcp', '33060/tcp'],
    cmd: ['mysqld'],
  });
}

const MYSQL = tags(
  [
    { version: '9.5.0', aliases: ['9.5', '9', 'innovation', ''] },
    { version: '8.4.7', aliases: ['8.4', '8', 'lts'] },
    { version: '8.0.44', aliases: ['8.0'] },
  ],
  [{ suffixes: ['', '-oracle', '-oraclelinux9'], build: (v) => mysql(v) }],
);

// mongo -----------------------------------------------------------------------------------------

function mongo(version: string, codename: UbuntuCodename): ImageSpec {
  const major = version.split('.').slice(0, 2).join('.');
  const user: UserRow = {
    name: 'mongodb',
    uid: 999,
    gid: 999,
    home: '/data/db',
    shell: '/usr/sbin/nologin',
  };
  return derive(ubuntu(codename), {
    created: '2026-11-19T21:08:44Z',
    env: [
      ['GOSU_VERSION', '1.19'],
      ['JSYAML_VERSION', '3.13.1'],
      ['MONGO_PACKAGE', 'mongodb-org'],
      ['MONGO_REPO', 'repo.mongodb.org'],
      ['MONGO_MAJOR', major],
      ['MONGO_VERSION', version],
      ['HOME', '/data/db'],
    ],
    layers: [
      usersLayer(
        'debian',
        [user],
        'set -eux; groupadd --gid 999 --system mongodb; useradd --uid 999 --system --gid mongodb --home-dir /data/db mongodb; mkdir -p /data/db /data/configdb; chown -R mongodb:mongodb /data/db /data/configdb',
      ),
      GOSU('debian'),
      run(
        'set -x && export DEBIAN_FRONTEND=noninteractive && apt-get update && apt-get install -y ${MONGO_PACKAGE}=$MONGO_VERSION ${MONGO_PACKAGE}-server=$MONGO_VERSION ${MONGO_PACKAGE}-shell=$MONGO_VERSION ${MONGO_PACKAGE}-mongos=$MONGO_VERSION ${MONGO_PACKAGE}-tools=$MONGO_VERSION && rm -rf /var/lib/apt/lists/* && rm -rf /var/lib/mongodb && mv /etc/mongod.conf /etc/mongod.conf.orig',
        762 * MB,
        layer((l) =>
          l
            .program('/usr/bin/mongod')
            .program('/usr/bin/mongos')
            .program('/usr/bin/mongosh')
            .program('/usr/bin/mongodump')
            .dir('/data/db')
            .dir('/data/configdb'),
        ),
      ),
      entrypointLayer('/usr/local/bin/docker-entrypoint.sh', 'mongo-entrypoint', 15_900),
    ],
    volumes: ['/data/db', '/data/configdb'],
    entrypoint: ['docker-entrypoint.sh'],
    ports: ['27017/tcp'],
    cmd: ['mongod'],
  });
}

const MONGO = tags(
  [
    { version: '8.2.2', aliases: ['8.2', '8', ''] },
    { version: '8.0.16', aliases: ['8.0'] },
    { version: '7.0.26', aliases: ['7.0', '7'] },
  ],
  [{ suffixes: ['', '-noble'], build: (v) => mongo(v, 'noble') }],
);

// operating systems -----------------------------------------------------------------------------

function debianTags(): TagTable {
  const table: TagTable = {};
  const aliases: Array<[DebianCodename, string[]]> = [
    ['trixie', ['trixie', '13', '13.2', 'stable']],
    ['bookworm', ['bookworm', '12', '12.12', 'oldstable']],
  ];
  for (const [codename, names] of aliases) {
    for (const name of names) {
      table[name] = () => debian(codename);
      table[`${name}-slim`] = () => debian(codename, true);
    }
  }
  table.latest = table.trixie!;
  return table;
}

function alpineTags(): TagTable {
  const table: TagTable = { latest: () => alpine(), '3': () => alpine() };
  for (const [minor, release] of Object.entries(ALPINE)) {
    table[minor] = () => alpine(minor);
    table[release.version] = () => alpine(minor);
  }
  return table;
}

const UBUNTU_TAGS: TagTable = {
  latest: () => ubuntu('noble'),
  '24.04': () => ubuntu('noble'),
  noble: () => ubuntu('noble'),
  '22.04': () => ubuntu('jammy'),
  jammy: () => ubuntu('jammy'),
};

function buildpackTags(): TagTable {
  const table: TagTable = {};
  const codenames: Array<DebianCodename | UbuntuCodename> = [
    'trixie',
    'bookworm',
    'noble',
    'jammy',
  ];
  for (const codename of codenames) {
    table[codename] = () => buildpackDeps(codename);
    table[`${codename}-curl`] = () => buildpackDeps(codename, 'curl');
    table[`${codename}-scm`] = () => buildpackDeps(codename, 'scm');
  }
  table.latest = table.trixie!;
  table.curl = table['trixie-curl']!;
  table.scm = table['trixie-scm']!;
  return table;
}

const BUSYBOX_TAGS: TagTable = {
  latest: () => busybox(),
  stable: () => busybox(),
  '1': () => busybox(),
  '1.37': () => busybox(),
  '1.37.0': () => busybox(),
  glibc: () => busybox(),
  '1.37-glibc': () => busybox(),
  musl: () => busybox('musl'),
  '1.37-musl': () => busybox('musl'),
  uclibc: () => busybox('uclibc'),
  '1.37-uclibc': () => busybox('uclibc'),
};

const ORACLELINUX_TAGS: TagTable = {
  '10': () => oraclelinux('10', false),
  '10-slim': () => oraclelinux('10', true),
  '9': () => oraclelinux('9', false),
  '9-slim': () => oraclelinux('9', true),
  '8': () => oraclelinux('8', false),
  '8-slim': () => oraclelinux('8', true),
};

/** Every repository of the catalog and its tags. */
export const REPOSITORIES: Record<string, TagTable> = {
  node: NODE,
  python: PYTHON,
  golang: GOLANG,
  rust: RUST,
  'eclipse-temurin': temurinTags(),
  openjdk: OPENJDK,
  ruby: RUBY,
  php: PHP,
  nginx: NGINX,
  httpd: HTTPD,
  redis: REDIS,
  postgres: POSTGRES,
  mysql: MYSQL,
  mongo: MONGO,
  alpine: alpineTags(),
  debian: debianTags(),
  ubuntu: UBUNTU_TAGS,
  'buildpack-deps': buildpackTags(),
  busybox: BUSYBOX_TAGS,
  oraclelinux: ORACLELINUX_TAGS,
};
