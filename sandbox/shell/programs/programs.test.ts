import { describe, expect, it } from 'vitest';
import { fileEntry } from '../../fs/entry.ts';
import { TEST_NOW, testMachine } from '../testing.ts';

async function sh(script: string, setup?: Parameters<typeof testMachine>[0]) {
  const machine = testMachine(setup);
  machine.fs.set('/tmp/d', { kind: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: TEST_NOW });
  machine.fs.set('/tmp/d/f', { ...fileEntry('hi\n'), mtime: TEST_NOW });
  machine.cwd = '/tmp';
  const status = await machine.sh(script);
  return { status, stdout: machine.stdout, stderr: machine.stderr, fs: machine.fs };
}

// Expected texts come from GNU coreutils 9.1 and grep 3.8 (Debian 12) in the C locale.
describe('ls', () => {
  it('lists long format with owner names, sizes and dates', async () => {
    const result = await sh('ls -la d');
    expect(result.stdout).toBe(
      'total 12\ndrwxr-xr-x 2 root root 4096 Dec  4 16:22 .\ndrwxr-xr-x 3 root root 4096 Jan  1  1970 ..\n-rw-r--r-- 1 root root    3 Dec  4 16:22 f\n',
    );
  });

  it('lists one name per line, recursively with headers', async () => {
    expect((await sh('ls -1 d')).stdout).toBe('f\n');
    expect((await sh('ls -R .')).stdout).toBe('.:\nd\n\n./d:\nf\n');
    expect((await sh('ls d d')).stdout).toBe('d:\nf\n\nd:\nf\n');
  });

  it('shows symlinks with their targets', async () => {
    expect((await sh('ln -s target lnk; ls -l lnk')).stdout).toBe(
      'lrwxrwxrwx 1 root root 6 Dec  4 16:22 lnk -> target\n',
    );
  });

  it('reports a missing operand and exits 2', async () => {
    const result = await sh('ls d nope');
    expect(result.stderr).toBe("ls: cannot access 'nope': No such file or directory\n");
    expect(result.stdout).toBe('d:\nf\n');
    expect(result.status).toBe(2);
  });

  it('rejects an unknown option', async () => {
    const result = await sh('ls -z');
    expect(result.stderr).toBe(
      "ls: invalid option -- 'z'\nTry 'ls --help' for more information.\n",
    );
    expect(result.status).toBe(2);
  });
});

const ERRORS: Array<[string, string, number]> = [
  ['cat nope', 'cat: nope: No such file or directory\n', 1],
  ['cat d', 'cat: d: Is a directory\n', 1],
  ['cp nope x', "cp: cannot stat 'nope': No such file or directory\n", 1],
  ['cp d x', "cp: -r not specified; omitting directory 'd'\n", 1],
  ['cp', "cp: missing file operand\nTry 'cp --help' for more information.\n", 1],
  [
    'cp a',
    "cp: missing destination file operand after 'a'\nTry 'cp --help' for more information.\n",
    1,
  ],
  [
    'cp -r d /nonexist/x',
    "cp: cannot create directory '/nonexist/x': No such file or directory\n",
    1,
  ],
  ['mv nope x', "mv: cannot stat 'nope': No such file or directory\n", 1],
  ['mv d/f /nonexist/x', "mv: cannot move 'd/f' to '/nonexist/x': No such file or directory\n", 1],
  ['rm nope', "rm: cannot remove 'nope': No such file or directory\n", 1],
  ['rm d', "rm: cannot remove 'd': Is a directory\n", 1],
  ['rm', "rm: missing operand\nTry 'rm --help' for more information.\n", 1],
  ['rmdir d', "rmdir: failed to remove 'd': Directory not empty\n", 1],
  ['mkdir a/b', "mkdir: cannot create directory 'a/b': No such file or directory\n", 1],
  ['mkdir d', "mkdir: cannot create directory 'd': File exists\n", 1],
  ['mkdir -p d/f/x', "mkdir: cannot create directory 'd/f': Not a directory\n", 1],
  ['mkdir', "mkdir: missing operand\nTry 'mkdir --help' for more information.\n", 1],
  ['touch a/b', "touch: cannot touch 'a/b': No such file or directory\n", 1],
  ['ln -s t d/f', "ln: failed to create symbolic link 'd/f': File exists\n", 1],
  ['ln nope x', "ln: failed to access 'nope': No such file or directory\n", 1],
  ['chmod 755 nope', "chmod: cannot access 'nope': No such file or directory\n", 1],
  ['chmod zz d', "chmod: invalid mode: 'zz'\nTry 'chmod --help' for more information.\n", 1],
  ['head -n 1 nope', "head: cannot open 'nope' for reading: No such file or directory\n", 1],
  ['tail nope', "tail: cannot open 'nope' for reading: No such file or directory\n", 1],
  [
    'grep',
    "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
    2,
  ],
  ['grep x nope', 'grep: nope: No such file or directory\n', 2],
  ['wc nope', 'wc: nope: No such file or directory\n', 1],
  ['id nope', "id: 'nope': no such user\n", 1],
  ['sleep', "sleep: missing operand\nTry 'sleep --help' for more information.\n", 1],
  ['sleep x', "sleep: invalid time interval 'x'\nTry 'sleep --help' for more information.\n", 1],
  ['cat -z', "cat: invalid option -- 'z'\nTry 'cat --help' for more information.\n", 1],
];

describe('error texts', () => {
  it.each(ERRORS)('%s', async (script, stderr, status) => {
    const result = await sh(script);
    expect(result.stderr).toBe(stderr);
    expect(result.status).toBe(status);
  });
});

describe('file programs', () => {
  it('copies trees with cp -r and moves with mv', async () => {
    const result = await sh('cp -r d e && ls e && mv e/f e/g && ls e && cat e/g');
    expect(result.stdout).toBe('f\ng\nhi\n');
  });

  it('removes trees with rm -r and ignores missing files with -f', async () => {
    const result = await sh('rm -f nope; echo $?; rm -r d; ls');
    expect(result.stdout).toBe('0\n');
  });

  it('changes modes with octal and symbolic chmod', async () => {
    const result = await sh('touch x; chmod 700 x; ls -l x; chmod go+r,u-w x; ls -l x');
    expect(result.stdout).toBe(
      '-rwx------ 1 root root 0 Dec  4 16:22 x\n-r-xr--r-- 1 root root 0 Dec  4 16:22 x\n',
    );
  });

  it('creates parents with mkdir -p and gives new files the user as owner', async () => {
    const machine = testMachine({ user: 'node' });
    machine.cwd = '/home/node';
    await machine.sh('mkdir -p a/b && touch a/b/c && ls -l a/b');
    expect(machine.stdout).toBe('total 0\n-rw-r--r-- 1 node node 0 Dec  4 16:22 c\n');
  });
});

describe('text programs', () => {
  it('selects lines with head and tail', async () => {
    const result = await sh(
      'printf "a\\nb\\nc\\n" > t; head -n 1 t; tail -n 2 t; tail -n +2 t; head -c 3 d/f',
    );
    expect(result.stdout).toBe('a\nb\nc\nb\nc\nhi\n');
  });

  it('counts with wc the way GNU pads its columns', async () => {
    const result = await sh('printf "a b\\nc\\n" | wc; printf "a b\\nc\\n" > w; wc w; wc -c w d/f');
    expect(result.stdout).toBe('      2       3       6\n2 3 6 w\n6 w\n3 d/f\n9 total\n');
  });

  it('matches with grep options', async () => {
    const result = await sh(
      'printf "foo\\nbar\\nFoo\\n" | grep -i foo; printf "foo\\nbar\\n" | grep -v foo; printf "foo\\nbar\\n" | grep -c o; printf "foo\\nbar\\n" | grep -n bar; printf "foo\\n" | grep -q zz; echo $?',
    );
    expect(result.stdout).toBe('foo\nFoo\nbar\n1\n2:bar\n1\n');
  });

  it('searches recursively and with extended expressions', async () => {
    expect((await sh('grep -r hi .')).stdout).toBe('./d/f:hi\n');
    expect((await sh('echo fooo | grep -E "fo+$"')).stdout).toBe('fooo\n');
    expect((await sh('echo "a.b axb" | grep -o "a\\.b"')).stdout).toBe('a.b\n');
  });
});

describe('system programs', () => {
  it('reports the user, the groups and the machine', async () => {
    const result = await sh('id; id -u; id -un; whoami; hostname; uname; uname -m');
    expect(result.stdout).toBe(
      'uid=0(root) gid=0(root) groups=0(root)\n0\nroot\nroot\n0123456789ab\nLinux\nx86_64\n',
    );
  });

  it('finds programs on PATH with which and command -v', async () => {
    const result = await sh('which ls sh; which nope; echo $?; command -v cat');
    expect(result.stdout).toBe('/usr/bin/ls\n/usr/bin/sh\n1\n/usr/bin/cat\n');
  });

  it('runs a command with a changed environment through env', async () => {
    const result = await sh('env -i A=1 env; printenv HOME; printenv NOPE; echo $?');
    expect(result.stdout).toBe('A=1\n/root\n1\n');
  });

  it('prints the node version from NODE_VERSION', async () => {
    expect((await sh('NODE_VERSION=22.11.0 node -v')).stdout).toBe('v22.11.0\n');
  });

  it('says plainly that running JavaScript is not simulated', async () => {
    const result = await sh('echo "x" > app.js; node app.js');
    expect(result.stderr).toBe(
      'dockyard: node app.js: running JavaScript is not simulated; node ran nothing and ends with status 1\n',
    );
    expect(result.status).toBe(1);
  });

  it('waits through the injected delay in sleep and ends when killed', async () => {
    const machine = testMachine();
    const waits: number[] = [];
    const context = machine.context(['sleep', '1.5']);
    context.delay = (ms) => {
      waits.push(ms);
      return Promise.resolve();
    };
    const { execute } = await import('../execute.ts');
    expect(await execute(['sleep', '1.5'], context)).toBe(0);
    expect(waits).toEqual([1500]);
    machine.abort();
    expect(await machine.run(['sleep', '100'])).toBe(143);
  });
});

describe('package managers', () => {
  it('cannot locate packages before apt-get update, and installs known ones after', async () => {
    const result = await sh(
      'apt-get install -y curl; echo $?; apt-get update >/dev/null; apt-get install -y curl >/dev/null; ls /usr/bin/curl',
    );
    expect(result.stderr).toContain('E: Unable to locate package curl\n');
    expect(result.stdout).toContain('100\n/usr/bin/curl\n');
  });

  it('fails apk add of an unknown package the way apk does', async () => {
    const result = await sh('apk add --no-cache frobnicate');
    expect(result.stderr).toBe(
      'ERROR: unable to select packages:\n  frobnicate (no such package):\n    required by: world[frobnicate]\n',
    );
    expect(result.status).toBe(1);
  });
});
