import { describe, expect, it } from 'vitest';
import { execute } from './execute.ts';
import type { ProgramContext } from './program.ts';
import { runScript } from './run-script.ts';
import { testMachine } from './testing.ts';

/**
 * Hostile and mistaken input: every script here hung or crashed the page before the limits in
 * `limits.ts`. Each test has a time limit, so a regression fails instead of hanging the suite.
 */

const LIMIT = { timeout: 5000 };

/** A test machine whose processes wait for a new task on `delay(0)`, as the page's timers do. */
function hostile(setup: { cwd?: string } = {}) {
  const machine = testMachine();
  if (setup.cwd) machine.cwd = setup.cwd;
  const controller = new AbortController();
  const base = machine.context(['/bin/sh']);
  const context: ProgramContext = {
    ...base,
    signal: controller.signal,
    delay: () => new Promise((resolve) => setImmediate(resolve)),
    spawn: (argv, overrides = {}) => execute(argv, { ...context, ...overrides, argv }),
  };
  return {
    machine,
    context,
    /** Sends a signal after the shell has had the event loop `ticks` times. */
    killAfter(ticks: number, reason?: string) {
      let left = ticks;
      const tick = () => {
        if (--left <= 0) controller.abort(reason);
        else setImmediate(tick);
      };
      setImmediate(tick);
    },
    sh: (script: string) => runScript(script, context),
    run: (argv: string[]) => execute(argv, { ...context, argv }),
  };
}

describe('busy loops', () => {
  it('lets Ctrl+C end `while true; do :; done` with status 130', LIMIT, async () => {
    const host = hostile();
    host.killAfter(5, 'SIGINT');
    expect(await host.sh('while true; do :; done')).toBe(130);
  });

  it('ends a looping script with status 143 when it is stopped', LIMIT, async () => {
    const host = hostile();
    host.killAfter(5);
    expect(await host.sh('i=0; until false; do i=$((i+1)); done')).toBe(143);
  });

  it('stops a container CMD `sh -c` loop that writes forever', LIMIT, async () => {
    const host = hostile();
    host.killAfter(5, 'SIGTERM');
    const status = await host.run(['sh', '-c', 'while true; do echo y; done']);
    expect(status).toBe(143);
    expect(host.machine.stdout.startsWith('y\ny\n')).toBe(true);
  });
});

describe('pipes', () => {
  it('ends `while true; do echo y; done | head -n 3` once head has its lines', LIMIT, async () => {
    const host = hostile();
    const status = await host.sh('while true; do echo y; done | head -n 3; echo "status $?"');
    expect(status).toBe(0);
    expect(host.machine.stdout).toBe('y\ny\ny\nstatus 0\n');
    expect(host.machine.stderr).toBe('');
  });

  it('gives the writer SIGPIPE status 141 when its reader stops early', LIMIT, async () => {
    const host = hostile();
    await host.sh('set -- $( (while :; do echo y; done; echo never >&2) | head -c 4)\necho $#');
    expect(host.machine.stdout).toBe('2\n');
    expect(host.machine.stderr).toBe('');
  });

  it('reads a finite writer to the end when head wants more than it writes', LIMIT, async () => {
    const host = hostile();
    await host.sh('for i in 1 2 3; do echo $i; done | head -n 5');
    expect(host.machine.stdout).toBe('1\n2\n3\n');
  });

  it('fails a writer plainly once it fills the 1 MiB pipe', LIMIT, async () => {
    const host = hostile();
    const status = await host.sh(
      `x=$(printf '%65536s' '')\nwhile true; do echo "$x"; done | wc -c`,
    );
    expect(status).toBe(0);
    expect(host.machine.stdout).toBe('1048576\n');
    expect(host.machine.stderr).toBe(
      '/bin/sh: 2: write error: pipe full (a pipe holds at most 1048576 characters in this simulation)\n',
    );
  });

  it('refuses a command substitution whose output grows past 1 MiB', LIMIT, async () => {
    const host = hostile();
    const status = await host.sh(`x=$(printf '%65536s' '')\ny=$(while :; do echo "$x"; done)`);
    expect(status).toBe(2);
    expect(host.machine.stderr).toBe(
      '/bin/sh: 2: Out of space: command substitution longer than 1048576 characters (the limit in this simulation)\n',
    );
  });
});

describe('recursion', () => {
  it('stops `f() { f; }; f` at bash-like function nesting level 1000', LIMIT, async () => {
    const host = hostile();
    expect(await host.sh('f() { f; }; f')).toBe(2);
    expect(host.machine.stderr).toBe(
      '/bin/sh: 1: f: maximum function nesting level exceeded (1000)\n',
    );
  });

  it.each([['f() { (f); }; f'], ['f() { echo $(f); }; f']])(
    'stops subshells nested without end: %s',
    LIMIT,
    async (script) => {
      const host = hostile();
      await host.sh(script);
      expect(host.machine.stderr).toContain(
        '/bin/sh: 1: subshells nested too deeply (more than 200 inside one another)\n',
      );
    },
  );

  it('lets Ctrl+C end a fork bomb, `f() { f | f; }; f`', LIMIT, async () => {
    const host = hostile();
    host.killAfter(5, 'SIGINT');
    expect(await host.sh('f() { f | f; }; f')).toBe(130);
  });

  it('stops a script that runs itself', LIMIT, async () => {
    const host = hostile();
    await host.sh("echo 'sh /tmp/self.sh' > /tmp/self.sh; sh /tmp/self.sh");
    expect(host.machine.stderr).toBe(
      '/tmp/self.sh: 1: Cannot fork: more than 100 shells run inside one another\n',
    );
  });
});

describe('deep nesting', () => {
  it.each([
    ['$(', `echo ${'$('.repeat(600)}echo hi${')'.repeat(600)}`],
    ['`{`', `${'{ '.repeat(5000)}echo hi; ${'}; '.repeat(5000)}`],
    ['`if`', `${'if true; then '.repeat(5000)}echo hi; ${'fi; '.repeat(5000)}`],
    ['`(`', `${'( '.repeat(5000)}echo hi${' )'.repeat(5000)}`],
    ['`${`', `echo ${'${x:-'.repeat(5000)}hi${'}'.repeat(5000)}`],
  ])('reports %s nested past the limit as a syntax error', LIMIT, async (_, script) => {
    const host = hostile();
    expect(await host.sh(script)).toBe(2);
    expect(host.machine.stderr).toBe(
      '/bin/sh: 1: Syntax error: nested too deeply (more than 200 levels)\n',
    );
  });

  it('runs ordinary nesting (50 levels) as before', LIMIT, async () => {
    const host = hostile();
    const substitutions = `echo ${'$(echo '.repeat(50)}hi${')'.repeat(50)}`;
    const groups = `${'{ '.repeat(50)}echo ok; ${'}; '.repeat(50)}`;
    await host.sh(`${substitutions}\n${groups}`);
    expect(host.machine.stdout).toBe('hi\nok\n');
  });

  it('refuses parentheses nested 1000 deep in $((...))', LIMIT, async () => {
    const host = hostile();
    const status = await host.sh(`echo $((${'('.repeat(1000)}1${')'.repeat(1000)}))`);
    expect(status).toBe(2);
    expect(host.machine.stderr).toMatch(
      /^\/bin\/sh: 1: arithmetic expression: nested too deeply \(more than 200 levels\): "\(\(\(/,
    );
  });

  it('refuses 10000 unary minus signs in $((...))', LIMIT, async () => {
    const host = hostile();
    expect(await host.sh(`echo $((${'- '.repeat(10000)}1))`)).toBe(2);
  });
});

describe('growth', () => {
  it('stops a doubling variable at 1 MiB with dash-like "Out of space"', LIMIT, async () => {
    const host = hostile();
    const status = await host.sh('x=a; while [ ${#x} -lt 100000000 ]; do x=$x$x; done');
    expect(status).toBe(2);
    expect(host.machine.stderr).toBe(
      '/bin/sh: 1: Out of space: a word longer than 1048576 characters (the limit in this simulation)\n',
    );
  });

  it('keeps printf field widths within 1 MiB', LIMIT, async () => {
    const host = hostile();
    await host.sh(`printf '%999999999d' 7 | wc -c`);
    expect(host.machine.stdout).toBe('1048576\n');
  });
});

describe('glob brackets', () => {
  it('matches nothing with a range written backwards, as dash does', LIMIT, async () => {
    const host = hostile();
    const status = await host.sh(
      'ls /etc/[z-a]*; echo $?; echo /etc/[z-a]* /etc/[g-i]ost*; case b in [z-a]) echo no;; [!z-a]) echo yes;; esac',
    );
    expect(status).toBe(0);
    expect(host.machine.stderr).toBe(
      "ls: cannot access '/etc/[z-a]*': No such file or directory\n",
    );
    expect(host.machine.stdout).toBe('2\n/etc/[z-a]* /etc/hostname\nyes\n');
  });

  it('treats a quoted dash inside brackets as a plain character', LIMIT, async () => {
    const host = hostile();
    await host.sh(
      `case b in [a"-"c]) echo range;; *) echo plain;; esac; case - in [a"-"c]) echo dash;; esac`,
    );
    expect(host.machine.stdout).toBe('plain\ndash\n');
  });
});

describe('64-bit arithmetic', () => {
  it('computes with 64-bit integers that wrap as in dash', LIMIT, async () => {
    const host = hostile();
    await host.sh(
      'echo $((1<<32)) $((4294967296|0)) $((9223372036854775807+1)) $((7/-2)) $((-7%3)) $((1<<64)) $((99999999999999999999)) $((0x7fffffffffffffff * 2))',
    );
    expect(host.machine.stdout).toBe(
      '4294967296 4294967296 -9223372036854775808 -3 -1 1 9223372036854775807 -2\n',
    );
  });
});

describe('writes into something that is not a directory', () => {
  it('prints npm ENOTDIR when node_modules is a file', LIMIT, async () => {
    const host = hostile({ cwd: '/tmp' });
    const status = await host.sh('touch node_modules && npm install http-server');
    expect(status).toBe(1);
    expect(host.machine.stderr).toContain(
      [
        'npm error code ENOTDIR',
        'npm error syscall mkdir',
        'npm error path /tmp/node_modules/http-server',
        'npm error errno -20',
        "npm error ENOTDIR: not a directory, mkdir '/tmp/node_modules/http-server'",
        'npm error A complete log of this run can be found in: ',
      ].join('\n'),
    );
  });

  it('prints npm ENOTDIR when the global prefix runs through a file', LIMIT, async () => {
    const host = hostile();
    const status = await host.sh(
      'npm config set prefix /etc/hostname/x && npm install -g http-server',
    );
    expect(status).toBe(1);
    expect(host.machine.stderr).toContain('npm error code ENOTDIR\n');
  });

  it('prints npm EJSONPARSE for a package.json that is not JSON', LIMIT, async () => {
    const host = hostile({ cwd: '/tmp' });
    const status = await host.sh('echo "{" > package.json; npm install http-server');
    expect(status).toBe(1);
    expect(host.machine.stderr).toContain('npm error code EJSONPARSE\n');
  });

  it("prints dpkg's error when /usr/bin cannot hold a new program", LIMIT, async () => {
    const host = hostile();
    const status = await host.sh(
      'apt-get update >/dev/null; mv /usr/bin /usr/tools; /usr/tools/touch /usr/bin; /usr/tools/apt-get install -y curl >/dev/null',
    );
    expect(status).toBe(100);
    expect(host.machine.stderr).toContain(
      "unable to create '/usr/bin/curl.dpkg-new' (while processing './usr/bin/curl'): Not a directory\n",
    );
  });
});

describe('tools on large trees', () => {
  it('Ctrl+C ends a loop of find over a large tree with status 130', LIMIT, async () => {
    const host = hostile();
    for (let i = 0; i < 3000; i++) {
      host.machine.fs.set(`/tmp/f${i}`, {
        kind: 'file',
        content: '',
        mode: 0o644,
        uid: 0,
        gid: 0,
        mtime: 0,
      });
    }
    host.killAfter(20, 'SIGINT');
    expect(await host.sh('while true; do find /tmp -name nothing; done')).toBe(130);
  });

  it('xargs stops between commands when the build is cancelled', LIMIT, async () => {
    const host = hostile();
    host.killAfter(3, 'SIGINT');
    const words = Array.from({ length: 20000 }, (_, i) => `w${i}`).join(' ');
    host.machine.fs.set('/tmp/words', {
      kind: 'file',
      content: words,
      mode: 0o644,
      uid: 0,
      gid: 0,
      mtime: 0,
    });
    expect(await host.sh('xargs -n 1 true < /tmp/words')).toBe(130);
  });
});
