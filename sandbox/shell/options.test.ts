import { describe, expect, it } from 'vitest';
import { testMachine } from './testing.ts';

/** Runs `script` as `<name> -c` would on a Debian-like (dash) or BusyBox machine. */
async function run(script: string, dialect: 'dash' | 'ash' | 'bash' = 'dash') {
  const machine = testMachine({ busybox: dialect === 'ash' });
  const status = await machine.sh(script, {
    shellName: dialect === 'ash' ? 'sh' : dialect,
    dialect,
  });
  return { status, stdout: machine.stdout, stderr: machine.stderr };
}

// Expected text from dash 0.5.12 and BusyBox 1.35 ash running the same scripts.
describe('set -x', () => {
  const script = `set -eux; a=1; b="x y"; echo "$b" q; export C=2 D; x=$(echo hi); for i in 1; do :; done; if [ -n "$a" ]; then echo ok; fi; f() { echo f; }; f arg; echo "it's" > /dev/null; FOO=bar true`;

  it('prints each command as dash does: words as they are, after expansion', async () => {
    const result = await run(script);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('x y q\nok\nf\n');
    expect(result.stderr).toBe(
      [
        '+ a=1',
        '+ b=x y',
        '+ echo x y q',
        '+ export C=2 D',
        '+ echo hi',
        '+ x=hi',
        '+ :',
        '+ [ -n 1 ]',
        '+ echo ok',
        '+ f arg',
        '+ echo f',
        "+ echo it's",
        '+ FOO=bar true',
        '',
      ].join('\n'),
    );
  });

  it('quotes words as BusyBox ash does', async () => {
    const result = await run(script, 'ash');
    expect(result.stderr).toBe(
      [
        '+ a=1',
        "+ b='x y'",
        "+ echo 'x y' q",
        "+ export 'C=2' D",
        '+ echo hi',
        '+ x=hi',
        '+ :',
        "+ '[' -n 1 ]",
        '+ echo ok',
        '+ f arg',
        '+ echo f',
        `+ echo 'it'"'"'s'`,
        '+ FOO=bar true',
        '',
      ].join('\n'),
    );
  });

  it('ash quotes empty-looking, reserved and special words the way BusyBox does', async () => {
    const result = await run(`set -x; echo "" a "if" "x,y" "a:b@c" "%" "~x" "a]b"`, 'ash');
    expect(result.stderr).toBe(`+ echo  a 'if' x,y a:b@c '%' '~x' a]b\n`);
  });

  it('traces to the stderr the command was started with, not its own redirection', async () => {
    const result = await run(`set -x; ls /nonexistent 2>/dev/null || true`);
    expect(result.stderr).toBe('+ ls /nonexistent\n+ true\n');
  });

  it('sh -eux -c turns the options on from the command line', async () => {
    const machine = testMachine();
    const status = await machine.run(['/bin/sh', '-eux', '-c', 'echo $x; echo never']);
    expect(status).toBe(2);
    expect(machine.stderr).toBe('/bin/sh: 1: x: parameter not set\n');
  });
});

describe('set -u', () => {
  it('ends the shell on an unset parameter, with status 2', async () => {
    const result = await run('set -u; echo ${x:-d}; echo $y; echo after');
    expect(result.stdout).toBe('d\n');
    expect(result.stderr).toBe('dash: 1: y: parameter not set\n');
    expect(result.status).toBe(2);
  });

  it('leaves $@ alone and says which name was unset in ash too', async () => {
    const result = await run('set -u; echo "$@" ${#z}', 'ash');
    expect(result.stderr).toBe('sh: z: parameter not set\n');
    expect(result.status).toBe(2);
  });

  it('lists the options that are on in $-, as dash does', async () => {
    expect((await run('set -eu; echo $-')).stdout).toBe('ue\n');
  });
});

describe('set -o pipefail', () => {
  it('is not an option of dash 0.5.12: the shell ends with status 2', async () => {
    const result = await run('set -o pipefail; echo after');
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('dash: 1: set: Illegal option -o pipefail\n');
    expect(result.status).toBe(2);
  });

  it('makes a pipeline fail with its last failing member in ash', async () => {
    const result = await run(
      'set -o pipefail; false | true; echo $?; true | false | true; echo $?; true | true; echo $?',
      'ash',
    );
    expect(result.stdout).toBe('1\n1\n0\n');
  });

  it('with set -e a failing pipeline ends the script', async () => {
    const result = await run('set -e -o pipefail; false | true; echo never', 'ash');
    expect(result.stdout).toBe('');
    expect(result.status).toBe(1);
  });

  it('without it, only the last member counts, under set -e too', async () => {
    const result = await run('set -e; false | true; echo a; true | false; echo b');
    expect(result.stdout).toBe('a\n');
    expect(result.status).toBe(1);
  });

  it('bash -o pipefail -c (a common SHELL instruction) runs the script with it on', async () => {
    const machine = testMachine();
    const status = await machine.run(['/bin/bash', '-o', 'pipefail', '-c', 'false | true']);
    expect(status).toBe(1);
  });

  it('an unknown letter ends the shell; an unknown name only warns in ash', async () => {
    expect(await run('set -q; echo after')).toMatchObject({
      stdout: '',
      stderr: 'dash: 1: set: Illegal option -q\n',
      status: 2,
    });
    const ash = await run('echo a; set -o bogus; echo after $?', 'ash');
    expect(ash.stdout).toBe('a\nafter 1\n');
  });

  it('set -o lists the options as dash does', async () => {
    const result = await run('set -e; set -o');
    expect(result.stdout.split('\n').slice(0, 3)).toEqual([
      'Current option settings',
      'errexit         on',
      'noglob          off',
    ]);
  });
});

// Found by running the same scripts through dash 0.5.12 and BusyBox ash.
describe('more of set -e and messages', () => {
  it('a failing subshell ends a set -e script with its status', async () => {
    expect(await run('set -e; (exit 4); echo no')).toMatchObject({ stdout: '', status: 4 });
    expect(await run('set -e; (exit 4); echo no', 'ash')).toMatchObject({ stdout: '', status: 4 });
    expect(await run('set -e; (exit 4) || echo handled')).toMatchObject({
      stdout: 'handled\n',
      status: 0,
    });
  });

  it("BusyBox's builtins name the line, counted from 0 in a -c string", async () => {
    expect((await run('cd /nonexistent; echo $?', 'ash')).stderr).toBe(
      "sh: cd: line 0: can't cd to /nonexistent: No such file or directory\n",
    );
  });
});

describe('set -x in bash', () => {
  it('quotes as bash does and adds a + per command substitution level', async () => {
    const result = await run(
      `set -x; x=$(echo hi); echo "a b" $x "it's" "" "[" "a=b" "~x" "%" "x,y"; y=$(echo $(echo deep))`,
      'bash',
    );
    expect(result.stderr).toBe(
      [
        '++ echo hi',
        '+ x=hi',
        "+ echo 'a b' hi 'it'\\''s' '' '[' a=b '~x' % x,y",
        '+++ echo deep',
        '++ echo deep',
        '+ y=deep',
        '',
      ].join('\n'),
    );
  });
});
