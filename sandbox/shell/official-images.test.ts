import { describe, expect, it } from 'vitest';
import { dirEntry, fileEntry } from '../fs/entry.ts';
import { mkdirp, readFile } from '../fs/ops.ts';
import { programMarker } from './program.ts';
import { testMachine, type TestMachine } from './testing.ts';

/**
 * The RUN steps of the official images (node, python, redis, postgres, mysql, httpd), re-typed
 * in shortened form, run to completion on a Debian-like or Alpine-like machine: the shell, the
 * tools and the stand-in downloads together. Each step runs as BuildKit runs it: `/bin/sh -c`
 * with the image's environment, and the machine keeps its files from step to step.
 */

function machineFor(distro: 'debian' | 'alpine', extra: string[] = []): TestMachine {
  const machine = testMachine({ distro });
  for (const name of extra) {
    machine.fs.set(`/usr/bin/${name}`, fileEntry(programMarker(name), 0o755));
  }
  mkdirp(machine.fs, '/etc/apt/sources.list.d');
  machine.fs.set('/tmp', dirEntry(0o1777));
  return machine;
}

/** Runs one RUN step; fails the test with everything it printed when it does not succeed. */
async function run(machine: TestMachine, script: string, env: Record<string, string> = {}) {
  Object.assign(machine.env, env);
  machine.stdout = '';
  machine.stderr = '';
  const status = await machine.run(['/bin/sh', '-c', script]);
  if (status !== 0) {
    throw new Error(`exit ${status}\n--- stdout\n${machine.stdout}\n--- stderr\n${machine.stderr}`);
  }
  return machine;
}

/** buildpack-deps:bookworm, the base of node:22-bookworm, has these beyond debian's. */
const BUILDPACK = ['curl', 'wget', 'gpg', 'gpgconf', 'xz', 'git', 'make', 'gcc'];

describe('node:22-bookworm', () => {
  it('adds the node user, installs Node.js from its release tarball, then yarn', async () => {
    const machine = machineFor('debian', BUILDPACK);
    await run(
      machine,
      'groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node',
    );
    expect(readFile(machine.fs, '/etc/passwd')).toContain(
      'node:x:1000:1000::/home/node:/bin/bash\n',
    );

    await run(
      machine,
      `ARCH= && dpkgArch="$(dpkg --print-architecture)" \\
  && case "\${dpkgArch##*-}" in \\
    amd64) ARCH='x64';; \\
    arm64) ARCH='arm64';; \\
    *) echo "unsupported architecture"; exit 1 ;; \\
  esac \\
  && export GNUPGHOME="$(mktemp -d)" \\
  && set -ex \\
  && for key in 5BE8A3F6C8A5C01D106C0AD820B1A390B168D356 DD792F5973C6DE52C432CBDAC77ABFA00DDBF2B7 ; do \\
      { gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys "$key" && gpg --batch --fingerprint "$key"; } || \\
      { gpg --batch --keyserver keyserver.ubuntu.com --recv-keys "$key" && gpg --batch --fingerprint "$key"; } ; \\
  done \\
  && curl -fsSLO --compressed "https://nodejs.org/dist/v$NODE_VERSION/node-v$NODE_VERSION-linux-$ARCH.tar.xz" \\
  && curl -fsSLO --compressed "https://nodejs.org/dist/v$NODE_VERSION/SHASUMS256.txt.asc" \\
  && gpg --batch --decrypt --output SHASUMS256.txt SHASUMS256.txt.asc \\
  && gpgconf --kill all \\
  && rm -rf "$GNUPGHOME" \\
  && grep " node-v$NODE_VERSION-linux-$ARCH.tar.xz\\$" SHASUMS256.txt | sha256sum -c - \\
  && tar -xJf "node-v$NODE_VERSION-linux-$ARCH.tar.xz" -C /usr/local --strip-components=1 --no-same-owner \\
  && rm "node-v$NODE_VERSION-linux-$ARCH.tar.xz" SHASUMS256.txt.asc SHASUMS256.txt \\
  && ln -s /usr/local/bin/node /usr/local/bin/nodejs \\
  && node --version \\
  && npm --version \\
  && rm -rf /tmp/*`,
      { NODE_VERSION: '22.23.2' },
    );
    expect(machine.stdout).toContain('v22.23.2\n');
    expect(machine.stdout).toContain('node-v22.23.2-linux-x64.tar.xz: OK\n');
    // set -x from the middle of the step on: dash's trace of the loop's commands.
    expect(machine.stderr).toContain(
      '+ gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys 5BE8A3F6C8A5C01D106C0AD820B1A390B168D356\n',
    );
    expect(machine.fs.get('/usr/local/bin/node')).toMatchObject({ kind: 'file', uid: 0 });
    expect(machine.fs.list('/tmp')).toEqual([]);
    expect(machine.fs.list('/')).not.toContain('SHASUMS256.txt');

    await run(
      machine,
      `set -ex \\
  && export GNUPGHOME="$(mktemp -d)" \\
  && curl -fsSLO --compressed "https://yarnpkg.com/downloads/$YARN_VERSION/yarn-v$YARN_VERSION.tar.gz" \\
  && curl -fsSLO --compressed "https://yarnpkg.com/downloads/$YARN_VERSION/yarn-v$YARN_VERSION.tar.gz.asc" \\
  && gpg --batch --verify yarn-v$YARN_VERSION.tar.gz.asc yarn-v$YARN_VERSION.tar.gz \\
  && gpgconf --kill all \\
  && rm -rf "$GNUPGHOME" \\
  && mkdir -p /opt \\
  && tar -xzf yarn-v$YARN_VERSION.tar.gz -C /opt/ \\
  && ln -s /opt/yarn-v$YARN_VERSION/bin/yarn /usr/local/bin/yarn \\
  && ln -s /opt/yarn-v$YARN_VERSION/bin/yarnpkg /usr/local/bin/yarnpkg \\
  && rm yarn-v$YARN_VERSION.tar.gz.asc yarn-v$YARN_VERSION.tar.gz \\
  && yarn --version \\
  && rm -rf /tmp/*`,
      { YARN_VERSION: '1.22.22' },
    );
    expect(machine.notes).toEqual(
      expect.arrayContaining([
        'downloads are simulated: curl and wget write a stand-in file and fetch nothing',
        'gpg is simulated: no key is fetched and no signature is checked',
        'gpgconf is not simulated; it did nothing',
        'yarn is not simulated; it did nothing',
      ]),
    );
  });
});

describe('node:22-alpine', () => {
  it('installs musl Node.js with a virtual build-deps package and removes it again', async () => {
    const machine = machineFor('alpine');
    await run(
      machine,
      `addgroup -g 1000 node \\
    && adduser -u 1000 -G node -s /bin/sh -D node \\
    && apk add --no-cache libstdc++ \\
    && apk add --no-cache --virtual .build-deps curl \\
    && ARCH= OPENSSL_ARCH='linux*' && alpineArch="$(apk --print-arch)" \\
      && case "\${alpineArch##*-}" in \\
        x86_64) ARCH='x64' CHECKSUM="2d18b5731055f7efa6c899004909b00ee110e38d3775745f60ec9ccf1f9982e7" OPENSSL_ARCH=linux-x86_64;; \\
        aarch64) OPENSSL_ARCH=linux-aarch64;; \\
        *) ;; \\
      esac \\
  && if [ -n "\${CHECKSUM}" ]; then \\
    set -eu; \\
    curl -fsSLO --compressed "https://unofficial-builds.nodejs.org/download/release/v$NODE_VERSION/node-v$NODE_VERSION-linux-$ARCH-musl.tar.xz"; \\
    echo "$CHECKSUM  node-v$NODE_VERSION-linux-$ARCH-musl.tar.xz" | sha256sum -c - \\
      && tar -xJf "node-v$NODE_VERSION-linux-$ARCH-musl.tar.xz" -C /usr/local --strip-components=1 --no-same-owner \\
      && ln -s /usr/local/bin/node /usr/local/bin/nodejs; \\
  else \\
    echo "Building from source"; exit 1; \\
  fi \\
  && rm -f "node-v$NODE_VERSION-linux-$ARCH-musl.tar.xz" \\
  && find /usr/local/include/node/openssl/archs -mindepth 1 -maxdepth 1 ! -name "$OPENSSL_ARCH" -exec rm -rf {} \\; \\
  && apk del .build-deps \\
  && node --version \\
  && npm --version \\
  && rm -rf /tmp/*`,
      { NODE_VERSION: '22.23.2' },
    );
    expect(machine.stdout).toContain('v22.23.2\n');
    expect(machine.fs.list('/usr/local/include/node/openssl/archs')).toEqual(['linux-x86_64']);
    expect(machine.fs.get('/usr/bin/curl')).toBeUndefined();
    expect(readFile(machine.fs, '/etc/group')).toContain('node:x:1000:node\n');
  });
});

describe('python:3.14-slim-trixie', () => {
  it('builds Python from source with configure and make, then links the short names', async () => {
    const machine = machineFor('debian');
    machine.env.PATH = `/usr/local/bin:${machine.env.PATH}`;
    await run(
      machine,
      `set -eux; apt-get update; apt-get install -y --no-install-recommends ca-certificates netbase tzdata; apt-get dist-clean`,
    );
    expect(machine.fs.list('/var/lib/apt/lists')).toEqual([]);
    await run(
      machine,
      `set -eux;
	savedAptMark="$(apt-mark showmanual)";
	apt-get update;
	apt-get install -y --no-install-recommends dpkg-dev gcc gnupg libbz2-dev libc6-dev libffi-dev libssl-dev make wget xz-utils zlib1g-dev;
	wget -O python.tar.xz "https://www.python.org/ftp/python/\${PYTHON_VERSION%%[a-z]*}/Python-$PYTHON_VERSION.tar.xz";
	echo "$PYTHON_SHA256 *python.tar.xz" | sha256sum -c -;
	mkdir -p /usr/src/python;
	tar --extract --directory /usr/src/python --strip-components=1 --file python.tar.xz;
	rm python.tar.xz;
	cd /usr/src/python;
	gnuArch="$(dpkg-architecture --query DEB_BUILD_GNU_TYPE)";
	./configure --build="$gnuArch" --enable-shared $(test "\${gnuArch%%-*}" != 'riscv64' && echo '--with-lto') --with-ensurepip;
	nproc="$(nproc)";
	EXTRA_CFLAGS="$(dpkg-buildflags --get CFLAGS)";
	arch="$(dpkg --print-architecture)"; arch="\${arch##*-}";
	case "$arch" in
		amd64|arm64) EXTRA_CFLAGS="\${EXTRA_CFLAGS:-} -fno-omit-frame-pointer";;
		*) ;;
	esac;
	make -j "$nproc" "EXTRA_CFLAGS=\${EXTRA_CFLAGS:-}";
	rm python;
	make -j "$nproc" python;
	make install;
	cd /;
	rm -rf /usr/src/python;
	find /usr/local -depth \\( \\( -type d -a \\( -name test -o -name tests -o -name idle_test \\) \\) -o \\( -type f -a \\( -name '*.pyc' -o -name '*.pyo' -o -name 'libpython*.a' \\) \\) \\) -exec rm -rf '{}' + ;
	ldconfig;
	apt-mark auto '.*' > /dev/null;
	apt-mark manual $savedAptMark;
	find /usr/local -type f -executable -not \\( -name '*tkinter*' \\) -exec ldd '{}' ';' \\
		| awk '/=>/ { so = $(NF-1); if (index(so, "/usr/local/") == 1) { next }; gsub("^/(usr/)?", "", so); printf "*%s\\n", so }' \\
		| sort -u \\
		| xargs -rt dpkg-query --search \\
		| awk 'sub(":$", "", $1) { print $1 }' \\
		| sort -u \\
		| xargs -r apt-mark manual;
	apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false;
	apt-get dist-clean;
	export PYTHONDONTWRITEBYTECODE=1;
	python3 --version;
	pip3 --version`,
      {
        PYTHON_VERSION: '3.14.6',
        PYTHON_SHA256: '143b1dddefaec3bd2e21e3b839b34a2b7fb9842272883c576420d605e9f30c63',
      },
    );
    expect(machine.fs.get('/usr/local/bin/python3.14')).toMatchObject({ kind: 'file' });
    expect(machine.fs.get('/usr/src/python')).toBeUndefined();

    await run(
      machine,
      `set -eux; for src in idle3 pip3 pydoc3 python3 python3-config; do
		dst="$(echo "$src" | tr -d 3)";
		[ -s "/usr/local/bin/$src" ];
		[ ! -e "/usr/local/bin/$dst" ];
		ln -svT "$src" "/usr/local/bin/$dst";
	done`,
    );
    expect(machine.stdout).toBe(
      [
        "'/usr/local/bin/idle' -> 'idle3'",
        "'/usr/local/bin/pip' -> 'pip3'",
        "'/usr/local/bin/pydoc' -> 'pydoc3'",
        "'/usr/local/bin/python' -> 'python3'",
        "'/usr/local/bin/python-config' -> 'python3-config'",
        '',
      ].join('\n'),
    );
    await run(
      machine,
      'pip install --no-cache-dir flask==3.0.0 && ls /usr/local/lib/python3.14/site-packages',
    );
    expect(machine.stdout).toContain('Successfully installed flask-3.0.0\n');
    expect(machine.stdout).toContain('flask-3.0.0.dist-info\n');
  });
});

describe('redis:7.2-bookworm', () => {
  it('adds its user, fetches gosu, builds redis and replaces identical copies with links', async () => {
    const machine = machineFor('debian');
    await run(machine, 'set -eux; groupadd -r -g 999 redis; useradd -r -g redis -u 999 redis');
    await run(
      machine,
      `set -eux;
	savedAptMark="$(apt-mark showmanual)";
	apt-get update;
	apt-get install -y --no-install-recommends ca-certificates gnupg wget;
	rm -rf /var/lib/apt/lists/*;
	arch="$(dpkg --print-architecture | awk -F- '{ print $NF }')";
	case "$arch" in
		'amd64') url='https://github.com/tianon/gosu/releases/download/1.17/gosu-amd64'; sha256='bbc4136d03ab138b1ad66fa4fc051bafc6cc7ffae632b069a53657279a450de3' ;;
		*) echo >&2 "error: unsupported gosu architecture: '$arch'"; exit 1 ;;
	esac;
	wget -O /usr/local/bin/gosu.asc "$url.asc";
	wget -O /usr/local/bin/gosu "$url";
	echo "$sha256 */usr/local/bin/gosu" | sha256sum -c -;
	export GNUPGHOME="$(mktemp -d)";
	gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys B42F6819007F00F88E364FD4036A9C25BF357DD4;
	gpg --batch --verify /usr/local/bin/gosu.asc /usr/local/bin/gosu;
	gpgconf --kill all;
	rm -rf "$GNUPGHOME" /usr/local/bin/gosu.asc;
	apt-mark auto '.*' > /dev/null;
	[ -z "$savedAptMark" ] || apt-mark manual $savedAptMark > /dev/null;
	apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false;
	chmod +x /usr/local/bin/gosu;
	gosu --version;
	gosu nobody true`,
    );
    await run(
      machine,
      `set -eux;
	apt-get update;
	apt-get install -y --no-install-recommends ca-certificates wget dpkg-dev gcc libc6-dev libssl-dev make;
	rm -rf /var/lib/apt/lists/*;
	wget -O redis.tar.gz "$REDIS_DOWNLOAD_URL";
	echo "$REDIS_DOWNLOAD_SHA *redis.tar.gz" | sha256sum -c -;
	mkdir -p /usr/src/redis;
	tar -xzf redis.tar.gz -C /usr/src/redis --strip-components=1;
	rm redis.tar.gz;
	grep -E '^ *createBoolConfig[(]"protected-mode",.*, *1 *,.*[)],$' /usr/src/redis/src/config.c;
	sed -ri 's!^( *createBoolConfig[(]"protected-mode",.*, *)1( *,.*[)],)$!\\10\\2!' /usr/src/redis/src/config.c;
	grep -E '^ *createBoolConfig[(]"protected-mode",.*, *0 *,.*[)],$' /usr/src/redis/src/config.c;
	gnuArch="$(dpkg-architecture --query DEB_BUILD_GNU_TYPE)";
	extraJemallocConfigureFlags="--build=$gnuArch";
	dpkgArch="$(dpkg --print-architecture)";
	case "\${dpkgArch##*-}" in
		amd64 | i386 | x32) extraJemallocConfigureFlags="$extraJemallocConfigureFlags --with-lg-page=12" ;;
		*) extraJemallocConfigureFlags="$extraJemallocConfigureFlags --with-lg-page=16" ;;
	esac;
	grep -F 'cd jemalloc && ./configure ' /usr/src/redis/deps/Makefile;
	sed -ri 's!cd jemalloc && ./configure !&'"$extraJemallocConfigureFlags"' !' /usr/src/redis/deps/Makefile;
	grep -F "cd jemalloc && ./configure $extraJemallocConfigureFlags " /usr/src/redis/deps/Makefile;
	export BUILD_TLS=yes;
	make -C /usr/src/redis -j "$(nproc)" all;
	make -C /usr/src/redis install;
	serverMd5="$(md5sum /usr/local/bin/redis-server | cut -d' ' -f1)"; export serverMd5;
	find /usr/local/bin/redis* -maxdepth 0 \\
		-type f -not -name redis-server \\
		-exec sh -eux -c '
			md5="$(md5sum "$1" | cut -d" " -f1)";
			test "$md5" = "$serverMd5";
		' -- '{}' ';' \\
		-exec ln -svfT 'redis-server' '{}' ';' \\
	;
	rm -r /usr/src/redis;
	redis-cli --version;
	redis-server --version`,
      {
        REDIS_DOWNLOAD_URL: 'http://download.redis.io/releases/redis-7.2.5.tar.gz',
        REDIS_DOWNLOAD_SHA: '5981179706f8391f03be91d951acafaeda91af7fac56beffb2701963103e423d',
      },
    );
    expect(machine.fs.get('/usr/local/bin/redis-sentinel')).toMatchObject({
      kind: 'symlink',
      target: 'redis-server',
    });
    expect(machine.fs.get('/usr/local/bin/redis-cli')).toMatchObject({ kind: 'file' });
    expect(machine.stdout).toContain("'/usr/local/bin/redis-check-aof' -> 'redis-server'\n");
    await run(machine, 'mkdir /data && chown redis:redis /data');
    expect(machine.fs.get('/data')).toMatchObject({ uid: 999, gid: 999 });
  });
});

describe('postgres:18-trixie', () => {
  it('adds its user and directory, generates a locale and installs the server packages', async () => {
    const machine = machineFor('debian');
    await run(
      machine,
      `set -eux;
	groupadd -r postgres --gid=999;
	useradd -r -g postgres --uid=999 --home-dir=/var/lib/postgresql --shell=/bin/bash postgres;
	install --verbose --directory --owner postgres --group postgres --mode 1777 /var/lib/postgresql`,
    );
    expect(machine.fs.get('/var/lib/postgresql')).toMatchObject({ mode: 0o1777, uid: 999 });
    await run(
      machine,
      `set -eux;
	if [ -f /etc/dpkg/dpkg.cfg.d/docker ]; then
		grep -q '/usr/share/locale' /etc/dpkg/dpkg.cfg.d/docker;
	fi;
	apt-get update; apt-get install -y --no-install-recommends locales; rm -rf /var/lib/apt/lists/*;
	echo 'en_US.UTF-8 UTF-8' >> /etc/locale.gen;
	locale-gen;
	locale -a | grep 'en_US.utf8'`,
    );
    await run(
      machine,
      `set -ex;
	dpkgArch="$(dpkg --print-architecture)";
	aptRepo="[ signed-by=/usr/local/share/keyrings/postgres.gpg.asc ] http://apt.postgresql.org/pub/repos/apt trixie-pgdg main $PG_MAJOR";
	case "$dpkgArch" in
		amd64 | arm64 | ppc64el)
			echo "deb $aptRepo" > /etc/apt/sources.list.d/pgdg.list;
			apt-get update;
			;;
		*) exit 1 ;;
	esac;
	apt-get install -y --no-install-recommends postgresql-common;
	sed -ri 's/#(create_main_cluster) .*$/\\1 = false/' /etc/postgresql-common/createcluster.conf;
	apt-get install -y --no-install-recommends "postgresql-$PG_MAJOR=$PG_VERSION";
	if apt-get install -s "postgresql-$PG_MAJOR-jit" > /dev/null 2>&1; then
		apt-get install -y --no-install-recommends "postgresql-$PG_MAJOR-jit=$PG_VERSION";
	fi;
	rm -rf /var/lib/apt/lists/*;
	find /usr -name '*.pyc' -type f -exec bash -c 'for pyc; do dpkg -S "$pyc" &> /dev/null || rm -vf "$pyc"; done' -- '{}' +;
	postgres --version`,
      {
        PG_MAJOR: '18',
        PG_VERSION: '18.3-1.pgdg13+1',
        PATH: `${machine.env.PATH}:/usr/lib/postgresql/18/bin`,
      },
    );
    expect(readFile(machine.fs, '/etc/postgresql-common/createcluster.conf')).toContain(
      'create_main_cluster = false\n',
    );
    await run(
      machine,
      `set -eux;
	dpkg-divert --add --rename --divert "/usr/share/postgresql/postgresql.conf.sample.dpkg" "/usr/share/postgresql/$PG_MAJOR/postgresql.conf.sample";
	cp -v /usr/share/postgresql/postgresql.conf.sample.dpkg /usr/share/postgresql/postgresql.conf.sample;
	ln -sv ../postgresql.conf.sample "/usr/share/postgresql/$PG_MAJOR/";
	sed -ri "s!^#?(listen_addresses)\\s*=\\s*\\S+.*!\\1 = '*'!" /usr/share/postgresql/postgresql.conf.sample;
	grep -F "listen_addresses = '*'" /usr/share/postgresql/postgresql.conf.sample`,
    );
    expect(machine.stdout).toContain("listen_addresses = '*'\n");
  });
});

describe('mysql:8.4-oracle', () => {
  it('installs the server with microdnf and edits its my.cnf', async () => {
    const machine = testMachine({ distro: 'debian' });
    machine.fs.set('/usr/bin/microdnf', fileEntry(programMarker('microdnf'), 0o755));
    await run(
      machine,
      `set -eux;
	groupadd --system --gid 999 mysql;
	useradd --system --uid 999 --gid 999 --home-dir /var/lib/mysql --no-create-home mysql`,
    );
    await run(
      machine,
      `set -eux;
	microdnf install -y "mysql-community-server-minimal-$MYSQL_VERSION";
	microdnf clean all;
	grep -F 'socket=/var/lib/mysql/mysql.sock' /etc/my.cnf;
	sed -i 's!^socket=.*!socket=/var/run/mysqld/mysqld.sock!' /etc/my.cnf;
	grep -F 'socket=/var/run/mysqld/mysqld.sock' /etc/my.cnf;
	{ echo '[client]'; echo 'socket=/var/run/mysqld/mysqld.sock'; } >> /etc/my.cnf;
	! grep -F '!includedir' /etc/my.cnf;
	{ echo; echo '!includedir /etc/mysql/conf.d/'; } >> /etc/my.cnf;
	mkdir -p /etc/mysql/conf.d;
	mkdir -p /var/lib/mysql /var/run/mysqld;
	chown mysql:mysql /var/lib/mysql /var/run/mysqld;
	chmod 1777 /var/lib/mysql /var/run/mysqld;
	mkdir /docker-entrypoint-initdb.d`,
      { MYSQL_VERSION: '8.4.10-1.el9' },
    );
    expect(readFile(machine.fs, '/etc/my.cnf')).toMatch(
      /\[client\]\nsocket=\/var\/run\/mysqld\/mysqld.sock\n\n!includedir \/etc\/mysql\/conf.d\/\n$/,
    );
    expect(machine.fs.get('/var/lib/mysql')).toMatchObject({ mode: 0o1777, uid: 999, gid: 999 });
    expect(machine.fs.get('/usr/sbin/mysqld')).toMatchObject({ kind: 'file' });
  });
});

describe('httpd:2.4-trixie', () => {
  it('downloads through a shell function, builds with a prefix and edits the installed config', async () => {
    const machine = machineFor('debian');
    machine.env.PATH = `/usr/local/apache2/bin:${machine.env.PATH}`;
    await run(machine, 'mkdir -p "$HTTPD_PREFIX" && chown www-data:www-data "$HTTPD_PREFIX"', {
      HTTPD_PREFIX: '/usr/local/apache2',
    });
    machine.cwd = '/usr/local/apache2';
    await run(
      machine,
      `set -eux;
	apt-get install --update -y --no-install-recommends bzip2 dpkg-dev gcc gnupg libapr1-dev libaprutil1-dev make patch wget zlib1g-dev;
	ddist() {
		local f="$1"; shift;
		local distFile="$1"; shift;
		local success=;
		local distUrl=;
		for distUrl in https://dlcdn.apache.org/ https://archive.apache.org/dist/; do
			if wget -O "$f" "$distUrl$distFile" && [ -s "$f" ]; then
				success=1;
				break;
			fi;
		done;
		[ -n "$success" ];
	};
	ddist 'httpd.tar.bz2' "httpd/httpd-$HTTPD_VERSION.tar.bz2";
	echo "$HTTPD_SHA256 *httpd.tar.bz2" | sha256sum -c -;
	ddist 'httpd.tar.bz2.asc' "httpd/httpd-$HTTPD_VERSION.tar.bz2.asc";
	export GNUPGHOME="$(mktemp -d)";
	gpg --batch --verify httpd.tar.bz2.asc httpd.tar.bz2;
	gpgconf --kill all;
	rm -rf "$GNUPGHOME" httpd.tar.bz2.asc;
	mkdir -p src;
	tar -xf httpd.tar.bz2 -C src --strip-components=1;
	rm httpd.tar.bz2;
	cd src;
	patches() {
		while [ "$#" -gt 0 ]; do
			local patchFile="$1"; shift;
			local patchSha256="$1"; shift;
			patch -p0 < "$patchFile";
		done;
	};
	patches $HTTPD_PATCHES;
	gnuArch="$(dpkg-architecture --query DEB_BUILD_GNU_TYPE)";
	CFLAGS="$(dpkg-buildflags --get CFLAGS)";
	./configure --build="$gnuArch" --prefix="$HTTPD_PREFIX" --enable-mods-shared=reallyall CFLAGS="-pipe $CFLAGS";
	make -j "$(nproc)";
	make install;
	cd ..;
	rm -r src man manual;
	sed -ri \\
		-e 's!^(\\s*CustomLog)\\s+\\S+!\\1 /proc/self/fd/1!g' \\
		-e 's!^(\\s*ErrorLog)\\s+\\S+!\\1 /proc/self/fd/2!g' \\
		-e 's!^(\\s*User)\\s+daemon\\s*$!\\1 www-data!g' \\
		-e 's!^(\\s*Group)\\s+daemon\\s*$!\\1 www-data!g' \\
		"$HTTPD_PREFIX/conf/httpd.conf" \\
		"$HTTPD_PREFIX/conf/extra/httpd-ssl.conf" \\
	;
	grep -E '^\\s*User www-data$' "$HTTPD_PREFIX/conf/httpd.conf";
	grep -E '^\\s*Group www-data$' "$HTTPD_PREFIX/conf/httpd.conf";
	apt-get dist-clean;
	httpd -v`,
      {
        HTTPD_VERSION: '2.4.68',
        HTTPD_SHA256: '68c74d4df38c26bed4dfbdb8f3baf1eb532f3872357becc1bba5d136f6b63c06',
        HTTPD_PATCHES: '',
      },
    );
    expect(readFile(machine.fs, '/usr/local/apache2/conf/httpd.conf')).toContain(
      'ErrorLog /proc/self/fd/2\n',
    );
    expect(machine.fs.list('/usr/local/apache2').sort()).toEqual([
      'bin',
      'conf',
      'htdocs',
      'logs',
      'modules',
    ]);
  });
});

describe('nginx:1.27-bookworm', () => {
  it("adds nginx's user, fetches keys with gpg1, adds nginx.org's repository and installs it", async () => {
    const machine = machineFor('debian');
    mkdirp(machine.fs, '/etc/apt/keyrings');
    await run(
      machine,
      `set -x \\
    && groupadd --system --gid 101 nginx \\
    && useradd --system --gid nginx --no-create-home --home /nonexistent --comment "nginx user" --shell /bin/false --uid 101 nginx \\
    && apt-get update \\
    && apt-get install --no-install-recommends --no-install-suggests -y gnupg1 ca-certificates \\
    && \\
    NGINX_GPGKEYS="573BFD6B3D8FBC641079A6ABABF5BD827BD9BF62 8540A6F18833A80E9C1653A42FD21310B49F6B46"; \\
    NGINX_GPGKEY_PATH=/etc/apt/keyrings/nginx-archive-keyring.gpg; \\
    export GNUPGHOME="$(mktemp -d)"; \\
    found=''; \\
    for NGINX_GPGKEY in $NGINX_GPGKEYS; do \\
    for server in hkp://keyserver.ubuntu.com:80 pgp.mit.edu; do \\
        echo "Fetching GPG key $NGINX_GPGKEY from $server"; \\
        gpg1 --keyserver "$server" --keyserver-options timeout=10 --recv-keys "$NGINX_GPGKEY" && found=yes && break; \\
    done; \\
    test -z "$found" && echo >&2 "error: failed to fetch GPG key $NGINX_GPGKEY" && exit 1; \\
    done; \\
    gpg1 --export "$NGINX_GPGKEYS" > "$NGINX_GPGKEY_PATH" ; \\
    rm -rf "$GNUPGHOME"; \\
    apt-get remove --purge --auto-remove -y gnupg1 && rm -rf /var/lib/apt/lists/* \\
    && dpkgArch="$(dpkg --print-architecture)" \\
    && nginxPackages=" \\
        nginx=\${NGINX_VERSION}-\${PKG_RELEASE} \\
        nginx-module-njs=\${NGINX_VERSION}+\${NJS_VERSION}-\${NJS_RELEASE} \\
    " \\
    && case "$dpkgArch" in \\
        amd64|arm64) \\
            echo "deb [signed-by=$NGINX_GPGKEY_PATH] https://nginx.org/packages/mainline/debian/ bookworm nginx" >> /etc/apt/sources.list.d/nginx.list \\
            && apt-get update \\
            ;; \\
        *) exit 1 ;; \\
    esac \\
    && apt-get install --no-install-recommends --no-install-suggests -y $nginxPackages gettext-base curl \\
    && apt-get remove --purge --auto-remove -y && rm -rf /var/lib/apt/lists/* /etc/apt/sources.list.d/nginx.list \\
    && if [ -n "$tempDir" ]; then \\
        apt-get purge -y --auto-remove \\
        && rm -rf "$tempDir" /etc/apt/sources.list.d/temp.list; \\
    fi \\
    && ln -sf /dev/stdout /var/log/nginx/access.log \\
    && ln -sf /dev/stderr /var/log/nginx/error.log \\
    && mkdir /docker-entrypoint.d`,
      {
        NGINX_VERSION: '1.27.4',
        NJS_VERSION: '0.8.9',
        NJS_RELEASE: '1~bookworm',
        PKG_RELEASE: '1~bookworm',
      },
    );
    expect(machine.stdout).toContain('Setting up nginx (1.27.4-1~bookworm) ...\n');
    // set -x traces with dash's plain words, the loop's assignments included.
    expect(machine.stderr).toContain('+ found=yes\n');
    expect(machine.fs.get('/var/log/nginx/access.log')).toMatchObject({
      kind: 'symlink',
      target: '/dev/stdout',
    });
    expect(machine.fs.get('/usr/sbin/nginx')).toMatchObject({ kind: 'file' });
    expect(machine.fs.get('/usr/bin/gpg1')).toBeUndefined();
  });
});

describe('what the image has decides', () => {
  it('a tool the image lacks is not found: 127 and the shell’s own message', async () => {
    const debian = testMachine({ distro: 'debian' });
    expect(await debian.sh('curl -fsSL https://example.com')).toBe(127);
    expect(debian.stderr).toBe('/bin/sh: 1: curl: not found\n');
    const alpine = testMachine({ distro: 'alpine' });
    expect(await alpine.sh('bash -c true', { dialect: 'ash' })).toBe(127);
    expect(alpine.stderr).toBe('/bin/sh: bash: not found\n');
  });

  it('a BusyBox applet the simulation does not model does nothing, noted once per tool', async () => {
    const alpine = testMachine({ distro: 'alpine' });
    expect(
      await alpine.sh('hexdump -C /etc/passwd; hexdump /etc/group; vi x', { dialect: 'ash' }),
    ).toBe(0);
    expect(alpine.notes).toEqual([
      'hexdump is not simulated; it did nothing',
      'vi is not simulated; it did nothing',
    ]);
  });
});
