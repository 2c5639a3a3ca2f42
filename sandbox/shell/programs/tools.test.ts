import { describe, expect, it } from 'vitest';
import { fileEntry } from '../../fs/entry.ts';
import { readFile } from '../../fs/ops.ts';
import { TEST_NOW, testMachine } from '../testing.ts';

/** Runs a script with dash in /w on a Debian-like machine holding a few files. */
async function sh(script: string, setup: Parameters<typeof testMachine>[0] = {}) {
  const machine = testMachine(setup);
  machine.fs.set('/w', { kind: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: TEST_NOW });
  machine.fs.set('/w/a.txt', fileEntry('hello world\nfoo bar\nhello again\n'));
  machine.cwd = '/w';
  const status = await machine.sh(script);
  return { status, stdout: machine.stdout, stderr: machine.stderr, fs: machine.fs, machine };
}

// Expected texts from GNU sed 4.9, coreutils 9.1, findutils 4.9, tar 1.34, shadow 4.13 and
// mawk 1.3.4 (Debian 12) in the C locale, and BusyBox where the test says so.
describe('sed', () => {
  it.each([
    ["sed 's/hello/bye/' a.txt", 'bye world\nfoo bar\nbye again\n'],
    ["sed -n '/foo/p' a.txt", 'foo bar\n'],
    ["sed -e 's/o/0/g' -e '2d' a.txt", 'hell0 w0rld\nhell0 again\n'],
    ["echo a.b.c | sed -E 's/([a-z])\\.([a-z])/\\2-\\1/'", 'b-a.c\n'],
    ["echo abc | sed 's/b/[&]/'", 'a[b]c\n'],
    ["echo 'x=1' | sed 's!x=\\(.*\\)!y=\\1!'", 'y=1\n'],
    ["printf 'a\\nb\\nc\\n' | sed '$d'", 'a\nb\n'],
    ["printf 'a\\nb\\n' | sed '1s/a/A/;2s/b/B/'", 'A\nB\n'],
    ["echo 'foo bar' | sed 's/a*/X/g'", 'XfXoXoX XbXrX\n'],
    ["printf 'foo\\nbar\\n' | sed -n '/a/!p'", 'foo\n'],
    ["echo hello | sed 'y/hel/HEL/'", 'HELLo\n'],
    ["printf 'a\\nb\\nc\\n' | sed '/b/a after'", 'a\nb\nafter\nc\n'],
    ["printf 'a\\nb\\n' | sed '1i before'", 'before\na\nb\n'],
    ["printf 'a\\nb\\n' | sed '2c changed'", 'a\nchanged\n'],
    ["printf 'a\\nb\\n' | sed -e '/a/a\\' -e 'x1'", 'a\nx1\nb\n'],
    ["printf 'a\\n' | sed 'a\\  lead'", 'a\n  lead\n'],
    ["printf 'a\\nb\\n' | sed '$a end'", 'a\nb\nend\n'],
    ["seq 5 | sed '2,4d' | tr '\\n' ' '", '1 5 '],
    ["seq 5 | sed -n '/2/,/4/p' | tr '\\n' ' '", '2 3 4 '],
    ["seq 5 | sed '3,1d' | tr '\\n' ' '", '1 2 4 5 '],
    ["seq 5 | sed '/3/,$d' | tr '\\n' ' '", '1 2 '],
    ["seq 5 | sed '2,4!d' | tr '\\n' ' '", '2 3 4 '],
    ["seq 5 | sed -n '/1/,/1/p' | tr '\\n' ' '", '1 2 3 4 5 '],
    ["echo banana | sed 's/./&&/3'", 'bannana\n'],
  ])('%s', async (script, expected) => {
    const result = await sh(script);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(expected);
  });

  it('edits in place, keeping a backup with -i.bak', async () => {
    const result = await sh("sed -i.bak 's/world/there/' a.txt && cat a.txt && ls");
    expect(result.stdout).toBe('hello there\nfoo bar\nhello again\na.txt\na.txt.bak\n');
  });

  it('edits the lines the official redis image changes (-ri with groups)', async () => {
    const result = await sh(
      `printf '    createBoolConfig("protected-mode", NULL, MODIFIABLE_CONFIG, server.protected_mode, 1, NULL, NULL),\\n' > c.c
sed -ri 's!^( *createBoolConfig[(]"protected-mode",.*, *)1( *,.*[)],)$!\\10\\2!' c.c
grep -E '^ *createBoolConfig[(]"protected-mode",.*, *0 *,.*[)],$' c.c`,
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('server.protected_mode, 0, NULL');
  });

  it('reports a missing file and an unknown command as GNU sed does', async () => {
    expect(await sh("sed -i 's/x/y/' nofile")).toMatchObject({
      stderr: "sed: can't read nofile: No such file or directory\n",
      status: 2,
    });
    expect((await sh("echo a | sed 'k'")).stderr).toBe(
      "sed: -e expression #1, char 1: unknown command: `k'\n",
    );
  });
});

describe('filters', () => {
  it.each([
    ['echo python3 | tr -d 3', 'python\n'],
    ['echo Hello | tr a-z A-Z', 'HELLO\n'],
    ["echo 'aaa  bbb' | tr -s ' '", 'aaa bbb\n'],
    ["echo 'a:b:c' | cut -d: -f1", 'a\n'],
    ['seq 3', '1\n2\n3\n'],
    ['seq 2 2 7', '2\n4\n6\n'],
    ['seq -s, 1 0.5 2', '1.0,1.5,2.0\n'],
    ['seq -w 8 10', '08\n09\n10\n'],
    ['seq 5 1', ''],
    ["echo 'a b c' | cut -d' ' -f2-", 'b c\n'],
    ['echo abcdef | cut -c2-4', 'bcd\n'],
    ["printf 'b\\na\\nb\\nc\\n' | sort -u", 'a\nb\nc\n'],
    ["printf '10\\n9\\n100\\n' | sort -n", '9\n10\n100\n'],
    ["printf 'b\\na\\n' | sort -r", 'b\na\n'],
    ["printf 'a\\na\\nb\\n' | uniq -c", '      2 a\n      1 b\n'],
    ["echo amd64 | awk -F- '{ print $NF }'", 'amd64\n'],
    ["echo 'a b c' | awk '{ print $1, $3 }'", 'a c\n'],
    ["printf 'x => /lib/a.so (0x1)\\nnone\\n' | awk '/=>/ { print $(NF-1) }'", '/lib/a.so\n'],
  ])('%s', async (script, expected) => {
    const result = await sh(script);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(expected);
  });

  it('tr and cut without their operands say so and fail', async () => {
    expect(await sh('echo hi | tr')).toMatchObject({
      stderr: "tr: missing operand\nTry 'tr --help' for more information.\n",
      status: 1,
    });
    expect(await sh('echo x | cut')).toMatchObject({
      stderr:
        "cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n",
      status: 1,
    });
  });

  it('an awk program beyond one print rule prints nothing and says so once', async () => {
    const result = await sh(
      `echo 'a b' | awk '{ so = $1; gsub("a", "", so); print so }'; echo 'a b' | awk '{ so = $1; gsub("a", "", so); print so }'`,
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.machine.notes).toHaveLength(1);
    expect(result.machine.notes[0]).toContain('only one-rule print programs are simulated');
  });
});

describe('find and xargs', () => {
  const tree =
    'mkdir -p d/sub d/tests && touch d/a.pyc d/sub/b.py d/tests/c.py && chmod +x d/sub/b.py; ';

  it.each([
    ["find d -name '*.py'", ['d/sub/b.py', 'd/tests/c.py']],
    ['find d -type d', ['d', 'd/sub', 'd/tests']],
    ['find d -maxdepth 1 -mindepth 1 ! -name sub', ['d/a.pyc', 'd/tests']],
    ['find d -type f -executable', ['d/sub/b.py']],
    [
      "find d -depth \\( -type d -a -name tests \\) -o \\( -type f -a -name '*.pyc' \\)",
      ['d/a.pyc', 'd/tests'],
    ],
    ["find d -name '*.pyc' -exec echo found {} \\;", ['found d/a.pyc']],
  ])('%s', async (script, expected) => {
    const result = await sh(tree + script);
    expect(result.stderr).toBe('');
    // find lists a directory in the order the filesystem gives; compare as sets.
    expect(result.stdout.split('\n').filter(Boolean).sort()).toEqual(expected);
  });

  it('-exec ... {} + runs the command once with every match', async () => {
    const result = await sh(`${tree}find d -name '*.py' -exec echo many {} +`);
    expect(result.stdout).toMatch(/^many d\/\S+\.py d\/\S+\.py\n$/);
  });

  it('-delete and -exec rm remove what matched, children first', async () => {
    const result = await sh(
      `${tree}find d -name tests -exec rm -rf '{}' +; find d -name '*.pyc' -delete; find d | sort`,
    );
    expect(result.stdout).toBe('d\nd/sub\nd/sub/b.py\n');
  });

  it('says which start point is missing, and refuses a predicate it does not evaluate', async () => {
    expect(await sh('find nope')).toMatchObject({
      stderr: "find: 'nope': No such file or directory\n",
      status: 1,
    });
    expect(await sh('find . -bogus')).toMatchObject({
      stderr: "find: unknown predicate `-bogus'\n",
      status: 1,
    });
    const perm = await sh('find . -perm 644');
    expect(perm.status).toBe(1);
    expect(perm.stderr).toContain('-perm is not simulated');
  });

  it.each([
    ["printf 'a b\\nc\\n' | xargs echo x", 'x a b c\n', '', 0],
    ["printf '' | xargs -r echo none", '', '', 0],
    ["printf '' | xargs echo empty", 'empty\n', '', 0],
    ["printf 'a\\nb\\n' | xargs -t -n1 echo", 'a\nb\n', 'echo a\necho b\n', 0],
    ["printf 'a\\n' | xargs nosuchcmd", '', 'xargs: nosuchcmd: No such file or directory\n', 127],
    ["printf 'a\\n' | xargs false", '', '', 123],
  ])('%s', async (script, stdout, stderr, status) => {
    expect(await sh(script)).toMatchObject({ stdout, stderr, status });
  });
});

describe('checksums', () => {
  const digest = '98ea6e4f216f2fb4b69fff9b3a44842c38686ca685f3f55dc48c5d3fb1107be4';

  it('computes real SHA-256 and MD5 digests', async () => {
    const result = await sh("printf 'hi\\n' > h; sha256sum h; md5sum h");
    expect(result.stdout).toBe(`${digest}  h\n764efa883dda1e11db47671c4a3bbd9e  h\n`);
  });

  it('checks a list, in both the text and the binary (*) form', async () => {
    const ok = await sh(`printf 'hi\\n' > h; echo "${digest} *h" | sha256sum -c -`);
    expect(ok).toMatchObject({ stdout: 'h: OK\n', status: 0 });
    const bad = await sh(`printf 'hi\\n' > h; echo "${'0'.repeat(64)}  h" | sha256sum -c -`);
    expect(bad).toMatchObject({
      stdout: 'h: FAILED\n',
      stderr: 'sha256sum: WARNING: 1 computed checksum did NOT match\n',
      status: 1,
    });
  });

  it('reports lists without checksum lines and files it cannot read', async () => {
    expect(await sh('echo garbage | sha256sum -c -')).toMatchObject({
      stderr: "sha256sum: 'standard input': no properly formatted checksum lines found\n",
      status: 1,
    });
    expect(await sh(`echo "${digest}  missing" | sha256sum -c -`)).toMatchObject({
      stdout: 'missing: FAILED open or read\n',
      stderr:
        'sha256sum: missing: No such file or directory\nsha256sum: WARNING: 1 listed file could not be read\n',
      status: 1,
    });
  });
});

describe('tar', () => {
  it('creates and extracts real archives of the simulated files', async () => {
    const result = await sh(
      'mkdir -p d/sub && echo x > d/sub/f && tar -czf x.tgz d && tar -tzf x.tgz && mkdir out && tar -xzf x.tgz -C out --strip-components=1 && cat out/sub/f',
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('d/\nd/sub/\nd/sub/f\nx\n');
  });

  it('reads the old dashless form and the long options', async () => {
    const result = await sh(
      'mkdir d && echo y > d/f && tar cf a.tar d && mkdir o && tar --extract --directory o --file a.tar && cat o/d/f && tar xf a.tar -C o && ls o',
    );
    expect(result.stdout).toBe('y\nd\n');
  });

  it('fails as GNU tar does on a missing archive, no mode, and text that is no archive', async () => {
    expect(await sh('tar -xf nope.tar')).toMatchObject({
      stderr:
        'tar: nope.tar: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now\n',
      status: 2,
    });
    expect(await sh('tar')).toMatchObject({
      stderr:
        "tar: You must specify one of the '-Acdtrux', '--delete' or '--test-label' options\nTry 'tar --help' or 'tar --usage' for more information.\n",
      status: 2,
    });
    expect(await sh('tar -xf a.txt')).toMatchObject({
      stderr:
        'tar: This does not look like a tar archive\ntar: Exiting with failure status due to previous errors\n',
      status: 2,
    });
  });
});

describe('downloads', () => {
  it('curl -o and -O write a stand-in and the build notes once that nothing was fetched', async () => {
    const result = await sh(
      'curl -fsSL -o x.tgz https://example.com/x.tgz && curl -fsSLO --compressed "https://example.com/dist/y.tar.gz" && ls && head -1 y.tar.gz',
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      'a.txt\nx.tgz\ny.tar.gz\n# dockyard-download: https://example.com/dist/y.tar.gz\n',
    );
    expect(result.machine.notes).toEqual([
      'downloads are simulated: curl and wget write a stand-in file and fetch nothing',
    ]);
  });

  it('extracting an archive the simulation does not model creates nothing and says so', async () => {
    const result = await sh(
      'wget -O app.tar.gz https://example.com/app.tar.gz && tar -xzf app.tar.gz && ls',
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('a.txt\napp.tar.gz\n');
    expect(result.machine.notes[1]).toContain('app.tar.gz is a simulated download');
  });

  it('a downloaded binary runs as a program the simulation does not model', async () => {
    const result = await sh(
      'wget -O /usr/local/bin/tool https://example.com/releases/tool-linux-amd64 && chmod +x /usr/local/bin/tool && tool --version',
    );
    expect(result.status).toBe(0);
    expect(result.machine.notes).toContain('tool is not simulated; it did nothing');
  });

  it('a downloaded gosu is gosu: it runs the command as the user', async () => {
    const result = await sh(
      "wget -O /usr/local/bin/gosu https://github.com/tianon/gosu/releases/download/1.17/gosu-amd64 && chmod +x /usr/local/bin/gosu && gosu --version && gosu root true && gosu node id && gosu node:staff sh -c 'echo $HOME'",
    );
    expect(result.stdout).toBe(
      '1.17 (go1.18.2 on linux/amd64; gc)\nuid=1000(node) gid=1000(node) groups=1000(node),50(staff)\n/home/node\n',
    );
    expect(
      await sh(
        'wget -qO /usr/local/bin/gosu https://github.com/tianon/gosu/releases/download/1.17/gosu-amd64; chmod +x /usr/local/bin/gosu; gosu nosuch true',
      ),
    ).toMatchObject({
      stderr:
        'error: failed switching to "nosuch": unable to find user nosuch: no matching entries in passwd file\n',
      status: 1,
    });
  });

  it('the checksum of a stand-in download is accepted, with a note', async () => {
    const result = await sh(
      `wget -q -O r.tar.gz http://download.redis.io/releases/redis-7.2.5.tar.gz; echo "${'5'.repeat(64)} *r.tar.gz" | sha256sum -c -`,
    );
    expect(result).toMatchObject({ stdout: 'r.tar.gz: OK\n', status: 0 });
    expect(result.machine.notes).toContain(
      'downloads are simulated, so their checksums are accepted without being computed',
    );
  });

  it('to stdout, the stand-in is a shell comment: piped to sh it runs nothing', async () => {
    const result = await sh('set -e; curl -fsSL https://example.com/install.sh | sh; echo $?');
    expect(result.stdout).toBe('0\n');
  });

  it('piped into tar, a stand-in extracts nothing and says so (wget -qO-)', async () => {
    const result = await sh(
      'wget -qO- https://example.com/tool.tar.gz | tar -xz -C /usr/local && echo done',
    );
    expect(result).toMatchObject({ stdout: 'done\n', stderr: '', status: 0 });
    expect(result.machine.notes[1]).toContain('is a simulated download');
  });
});

describe('users and groups', () => {
  it('groupadd and useradd write passwd, group and shadow as shadow-utils does', async () => {
    const machine = testMachine({ distro: 'debian' });
    machine.fs.set('/etc/shadow', fileEntry('root:*:19000:0:99999:7:::\n', 0o640));
    const status = await machine.sh(
      'groupadd -r -g 999 redis && useradd -r -g redis -u 999 redis && groupadd --gid 1000 app && useradd --uid 1000 --gid app --shell /bin/bash --create-home app && useradd plain && useradd -r sys1',
    );
    expect(machine.stderr).toBe('');
    expect(status).toBe(0);
    const passwd = readFile(machine.fs, '/etc/passwd').split('\n');
    expect(passwd).toContain('redis:x:999:999::/home/redis:/bin/sh');
    expect(passwd).toContain('app:x:1000:1000::/home/app:/bin/bash');
    expect(passwd).toContain('sys1:x:998:998::/home/sys1:/bin/sh');
    const group = readFile(machine.fs, '/etc/group').split('\n');
    expect(group).toEqual(expect.arrayContaining(['redis:x:999:', 'app:x:1000:', 'sys1:x:998:']));
    const day = Math.floor(TEST_NOW / 86_400_000);
    expect(readFile(machine.fs, '/etc/shadow')).toContain(`app:!:${day}:0:99999:7:::\n`);
    expect(readFile(machine.fs, '/etc/shadow')).toContain(`sys1:!:${day}::::::\n`);
    expect(machine.fs.get('/home/app')).toMatchObject({ kind: 'dir', uid: 1000, gid: 1000 });
    expect(machine.fs.get('/home/redis')).toBeUndefined();
  });

  it.each([
    ['useradd root', "useradd: user 'root' already exists\n", 9],
    ['groupadd root', "groupadd: group 'root' already exists\n", 9],
    ['useradd -g nogrp x', "useradd: group 'nogrp' does not exist\n", 6],
    ['useradd -u 0 y', 'useradd: UID 0 is not unique\n', 4],
    ['groupadd -g 0 z', "groupadd: GID '0' already exists\n", 4],
  ])('%s', async (script, stderr, status) => {
    expect(await sh(script)).toMatchObject({ stderr, status });
  });

  it('a user added in a step is known to chown and id', async () => {
    const result = await sh(
      'groupadd -g 1500 web && useradd -u 1500 -g web web && mkdir /data && chown web:web /data && ls -ld /data && id web',
    );
    expect(result.stdout).toMatch(/^drwxr-xr-x 2 web web /);
    expect(result.stdout).toContain('uid=1500(web) gid=1500(web) groups=1500(web)\n');
  });

  it("BusyBox's addgroup and adduser as alpine images use them", async () => {
    const result = await sh(
      'addgroup -g 1000 node && adduser -u 1000 -G node -s /bin/sh -D node && addgroup -S nginx && adduser -S -D -H -h /var/cache/nginx -s /sbin/nologin -G nginx -g nginx nginx',
      { distro: 'alpine' },
    );
    expect(result.stderr).toBe('');
    const passwd = readFile(result.fs, '/etc/passwd').split('\n');
    expect(passwd).toContain('node:x:1000:1000:Linux User,,,:/home/node:/bin/sh');
    expect(passwd).toContain('nginx:x:100:101:nginx:/var/cache/nginx:/sbin/nologin');
    expect(readFile(result.fs, '/etc/group').split('\n')).toEqual(
      expect.arrayContaining(['node:x:1000:node', 'nginx:x:101:nginx']),
    );
    expect(result.fs.get('/home/node')).toMatchObject({ kind: 'dir', uid: 1000 });
    expect(result.fs.get('/var/cache/nginx')).toBeUndefined();
  });
});

describe('the machine', () => {
  it.each([
    ['dpkg --print-architecture', 'amd64\n'],
    ['dpkg-architecture --query DEB_BUILD_GNU_TYPE', 'x86_64-linux-gnu\n'],
    ['dpkg-architecture -qDEB_HOST_MULTIARCH', 'x86_64-linux-gnu\n'],
    ['uname -m', 'x86_64\n'],
    ['nproc', '2\n'],
  ])('%s', async (script, expected) => {
    expect((await sh(script)).stdout).toBe(expected);
  });

  it('apk --print-arch on alpine', async () => {
    expect((await sh('apk --print-arch', { distro: 'alpine' })).stdout).toBe('x86_64\n');
  });

  it('mktemp makes a new file or directory under /tmp, and fails under a missing one', async () => {
    const result = await sh(
      'd=$(mktemp -d); f=$(mktemp); test -d "$d" && test -f "$f" && [ "$d" != "$f" ] && echo "$d"',
    );
    expect(result.stdout).toMatch(/^\/tmp\/tmp\.[A-Za-z0-9]{10}\n$/);
    expect(await sh('mktemp -d -p /nonexist')).toMatchObject({
      stderr:
        "mktemp: failed to create directory via template '/nonexist/tmp.XXXXXXXXXX': No such file or directory\n",
      status: 1,
    });
  });
});

describe('package managers', () => {
  it('apt-get install --update fetches lists first; dist-clean empties them again', async () => {
    const result = await sh(
      'apt-get install --update -y --no-install-recommends wget >/dev/null 2>&1 && ls /usr/bin/wget && apt-get dist-clean && ls /var/lib/apt/lists | wc -l && apt-get install -y curl',
      { distro: 'debian' },
    );
    expect(result.stdout).toContain('/usr/bin/wget\n0\n');
    expect(result.stderr).toBe('E: Unable to locate package curl\n');
    expect(result.status).toBe(100);
  });

  it('rm -rf /var/lib/apt/lists/* has the same effect', async () => {
    const result = await sh(
      'apt-get update >/dev/null && rm -rf /var/lib/apt/lists/* && apt-get install -y wget',
      { distro: 'debian' },
    );
    expect(result.stderr).toBe('E: Unable to locate package wget\n');
  });

  it('keeps a pinned version, skips the value of -o, and purge removes the programs', async () => {
    const result = await sh(
      'apt-get update >/dev/null; apt-get install -y -o Dpkg::Options::=--force-confold gosu=1.17-1 2>/dev/null | grep "Setting up"; apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false gosu >/dev/null; ls /usr/bin/gosu',
      { distro: 'debian' },
    );
    expect(result.stdout).toBe('Setting up gosu (1.17-1) ...\n');
    expect(result.stderr).toBe("ls: cannot access '/usr/bin/gosu': No such file or directory\n");
  });

  it('a package outside the catalog fails as apt does, and the simulation says why', async () => {
    const result = await sh('apt-get update >/dev/null; apt-get install -y frobnicate', {
      distro: 'debian',
    });
    expect(result.stderr).toBe('E: Unable to locate package frobnicate\n');
    expect(result.machine.notes[0]).toMatch(/frobnicate is not one of them/);
  });

  it('apk add --virtual groups packages that apk del removes together', async () => {
    const result = await sh(
      'apk add --no-cache --virtual .build-deps curl gnupg && ls /usr/bin/curl /usr/bin/gpg && apk del .build-deps && ls /usr/bin/curl',
      { distro: 'alpine' },
    );
    expect(result.stdout).toContain('(1/3) Installing curl (8.14.1-r2)\n');
    expect(result.stdout).toContain('(3/3) Installing .build-deps (20261204.162211)\n');
    expect(result.stdout).toContain('/usr/bin/curl\n/usr/bin/gpg\n');
    expect(result.stdout).toContain('(1/2) Purging curl (8.14.1-r2)\n');
    expect(result.stderr).toBe('ls: /usr/bin/curl: No such file or directory\n');
  });

  it('pip installs from a requirements file and warns as root', async () => {
    const result = await sh(
      "mkdir -p /usr/local/lib/python3.13 && printf 'flask==3.0.0\\n# comment\\nrequests\\n' > requirements.txt && pip install --no-cache-dir -r requirements.txt && ls /usr/local/lib/python3.13/site-packages",
    );
    expect(result.stdout).toContain('Collecting flask==3.0.0\n');
    expect(result.stdout).toContain('Successfully installed flask-3.0.0 requests-2.32.4\n');
    expect(result.stdout).toContain('flask-3.0.0.dist-info\nrequests-2.32.4.dist-info\n');
    expect(result.stderr).toMatch(/^WARNING: Running pip as the 'root' user/);
  });

  it('pip reports a requirements file that is missing', async () => {
    expect(await sh('pip install -r nope.txt')).toMatchObject({
      stderr:
        "ERROR: Could not open requirements file: [Errno 2] No such file or directory: 'nope.txt'\n",
      status: 1,
    });
  });
});

// BusyBox 1.35's applets, reached through /bin/busybox links as on alpine.
describe('BusyBox flavour', () => {
  it.each([
    ["echo 'foo bar' | sed 's/o/0/2'", 'fo0 bar\n', '', 0],
    ['tar -xf nope.tar', '', "tar: can't open 'nope.tar': No such file or directory\n", 1],
    [
      'echo garbage | sha256sum -c -',
      '',
      'sha256sum: WARNING: 1 of 1 computed checksums did NOT match\n',
      1,
    ],
    ['find nope', '', 'find: nope: No such file or directory\n', 1],
  ])('%s', async (script, stdout, stderr, status) => {
    expect(await sh(script, { busybox: true })).toMatchObject({ stdout, stderr, status });
  });
});

describe('package managers as a user other than root', () => {
  it('apt-get cannot take its locks, in apt 2.6 words', async () => {
    const result = await sh('apt-get update', { user: 'node' });
    expect(result).toMatchObject({
      stderr:
        'E: Could not open lock file /var/lib/apt/lists/lock - open (13: Permission denied)\nE: Unable to lock directory /var/lib/apt/lists/\n',
      status: 100,
    });
    expect((await sh('apt-get install -y curl', { user: 'node' })).stderr).toBe(
      'E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n',
    );
  });

  it('apk cannot open its database', async () => {
    expect(await sh('apk add --no-cache curl', { user: 'node' })).toMatchObject({
      stderr:
        'ERROR: Unable to lock database: Permission denied\nERROR: Failed to open apk database: Permission denied\n',
      status: 99,
    });
  });

  it('apt-get -qq prints only errors', async () => {
    const result = await sh('apt-get -qq update && apt-get install -yqq wget && ls /usr/bin/wget', {
      distro: 'debian',
    });
    expect(result.stdout).toBe('/usr/bin/wget\n');
  });
});

describe('hostile arguments', () => {
  const programs = [
    'sed',
    'tr',
    'cut',
    'sort',
    'uniq',
    'awk',
    'find',
    'xargs',
    'tar',
    'curl',
    'wget',
    'gpg',
    'sha256sum',
    'md5sum',
    'mktemp',
    'useradd',
    'groupadd',
    'adduser',
    'addgroup',
    'dpkg',
    'dpkg-architecture',
    'pip',
    'make',
    'install',
    'dpkg-divert',
    'locale',
    'gosu',
    'apt-get',
    'apk',
    'microdnf',
  ];
  const argSets = [
    [],
    ['-'],
    ['--'],
    ['-F[', '{ print $1 }'],
    ['['],
    ["'", '"', '\\'],
    ['-e', 's/(/x/', 'a.txt'],
    ['-exec'],
    ['-C'],
    ['-o'],
    ['x:y:z', 'a'],
    ['-c', 'a.txt'],
    ['install', '=', '==', 'a[b'],
    ['-xf', 'a.txt', '--strip-components=x'],
    ['%E0', 'text:%E0'],
  ];

  it('never throw: every program answers with a status', async () => {
    for (const name of programs) {
      for (const args of argSets) {
        const result = await sh(
          `echo 'a b' | ${[name, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')}`,
        );
        expect(typeof result.status).toBe('number');
      }
    }
    const awk = await sh("echo 'a[b' | awk -F'[' '{ print $2 }'");
    expect(awk.stdout).toBe('b\n');
  });
});

describe('sort keys', () => {
  // GNU coreutils 9.1 in the C locale.
  it.each([
    ['sort -t: -k2n s.txt', 'c:2\nd:2\nb:3\na:10\n'],
    ['sort -t: -k2 s.txt', 'a:10\nc:2\nd:2\nb:3\n'],
    ['sort -t: -k2nr s.txt', 'a:10\nb:3\nc:2\nd:2\n'],
    ["printf 'x  2 b\\ny 1 a\\nz 2 a\\n' | sort -k2,2n", 'y 1 a\nx  2 b\nz 2 a\n'],
  ])('%s', async (script, expected) => {
    const result = await sh(`printf 'b:3\\na:10\\nc:2\\nd:2\\n' > s.txt; ${script}`);
    expect(result.stdout).toBe(expected);
  });

  it('refuses field 0', async () => {
    expect(await sh("printf 'b\\na\\n' | sort -k0")).toMatchObject({
      stderr: "sort: field number is zero: invalid field specification '0'\n",
      status: 2,
    });
  });
});
