import { describe, expect, it } from 'vitest';
import { parseScript } from './parser.ts';
import { testMachine } from './testing.ts';

/** Runs a script as `dash -c` would, returning what it printed. */
async function dash(script: string, positional: string[] = []) {
  const machine = testMachine();
  machine.fs.set('/tmp/a.txt', {
    kind: 'file',
    content: 'x\n',
    mode: 0o644,
    uid: 0,
    gid: 0,
    mtime: 0,
  });
  machine.fs.set('/tmp/b.txt', {
    kind: 'file',
    content: 'y\n',
    mode: 0o644,
    uid: 0,
    gid: 0,
    mtime: 0,
  });
  const status = await machine.sh(script, { shellName: 'dash', positional });
  return { status, stdout: machine.stdout, stderr: machine.stderr, machine };
}

// Expected outputs were taken from dash 0.5.12 (Debian 12) running the same scripts.
const EXPANSIONS: Array<[string, string]> = [
  [`echo "a  b" a  b`, 'a  b a b\n'],
  [`echo 'a$b' "\\$x" \\$x \\\\ a\\ b`, 'a$b $x $x \\ a b\n'],
  [`x=5; echo \${x:-d} \${z:-d} \${x-d} \${#x}`, '5 d 5 1\n'],
  [`x=1; echo \${#x} \${x:+set} \${y:=def} $y`, '1 set def def\n'],
  [`x=abc.tar.gz; echo \${x%.*} \${x%%.*} \${x#*.} \${x##*.}`, 'abc.tar abc tar.gz gz\n'],
  [`echo $((1+2)) $((a+1)) $((0x10)) $((2>1))`, '3 1 16 1\n'],
  [`x="a b"; for i in $x; do echo $i; done`, 'a\nb\n'],
  [`echo "$(echo "nested")" \`echo bq\``, 'nested bq\n'],
  [`x=a; x=b echo $x`, 'a\n'],
  [`echo ~ ~/x a~`, '/root /root/x a~\n'],
  [`echo a{b,c}`, 'a{b,c}\n'],
  [`echo *.nomatch`, '*.nomatch\n'],
  [`cd /tmp && echo *.txt ?.txt "*.txt"`, 'a.txt b.txt a.txt b.txt *.txt\n'],
  [`echo "a\\nb"; echo -n x; echo -e y`, 'a\nb\nx-e y\n'],
  [`printf "%s-%d\\n" a 1 b 2`, 'a-1\nb-2\n'],
  [`printf "%5s|%-5s|%x|%o|%c|%%\\n" ab cd 255 8 xyz`, '   ab|cd   |ff|10|x|%\n'],
  [`echo $1 $2 $# $@`, 'one two 2 one two\n'],
  [`set -- a b c; shift; echo $# "$*"`, '2 b c\n'],
  [`false | true; echo $?`, '0\n'],
  [`! true; echo $?`, '1\n'],
  [`true && false || echo rec`, 'rec\n'],
  [`x=$(exit 3); echo $?`, '3\n'],
  [`f() { return 3; }; f; echo $?`, '3\n'],
  [`if false; then echo a; elif true; then echo b; else echo c; fi`, 'b\n'],
  [`for i in 1 2 3; do echo $i; done`, '1\n2\n3\n'],
  [`case abc in a*) echo A;; *) echo other;; esac`, 'A\n'],
  [`i=0; while [ $i -lt 3 ]; do i=$((i+1)); [ $i = 2 ] && continue; echo $i; done`, '1\n3\n'],
  [`read x <<EOF\nhello\nEOF\necho $x`, 'hello\n'],
  [`cat <<EOF\na $HOME\nEOF`, 'a /root\n'],
  [`cat <<'EOF'\na $HOME\nEOF`, 'a $HOME\n'],
  [`echo a b | { read x y; echo "$y $x"; }`, 'b a\n'],
  [`cd /tmp && cd / && cd - `, '/tmp\n'],
  [`exec echo hi`, 'hi\n'],
];

describe('word expansion and control flow', () => {
  it.each(EXPANSIONS)('%s', async (script, expected) => {
    const result = await dash(script, ['one', 'two']);
    expect(result.stdout).toBe(expected);
  });
});

// dash's messages for the same inputs, with `dash` as $0.
const SYNTAX_ERRORS: Array<[string, string]> = [
  [`echo "abc`, 'dash: 1: Syntax error: Unterminated quoted string\n'],
  [`echo 'abc`, 'dash: 1: Syntax error: Unterminated quoted string\n'],
  ['fi', 'dash: 1: Syntax error: "fi" unexpected\n'],
  ['if true; then echo x', 'dash: 1: Syntax error: end of file unexpected (expecting "fi")\n'],
  ['if true; fi', 'dash: 1: Syntax error: "fi" unexpected (expecting "then")\n'],
  ['if', 'dash: 1: Syntax error: end of file unexpected (expecting "then")\n'],
  ['echo a &&', 'dash: 1: Syntax error: end of file unexpected\n'],
  ['&& echo', 'dash: 1: Syntax error: "&&" unexpected\n'],
  ['| x', 'dash: 1: Syntax error: "|" unexpected\n'],
  [';', 'dash: 1: Syntax error: ";" unexpected\n'],
  ['echo a;;', 'dash: 1: Syntax error: ";;" unexpected\n'],
  ['echo )', 'dash: 1: Syntax error: ")" unexpected\n'],
  ['echo $(', 'dash: 1: Syntax error: end of file unexpected (expecting ")")\n'],
  ['echo ${', "dash: 1: Syntax error: Missing '}'\n"],
  ['echo $((1+', "dash: 1: Syntax error: Missing '))'\n"],
  ['echo `', 'dash: 1: Syntax error: EOF in backquote substitution\n'],
  ['for x in a b; echo', 'dash: 1: Syntax error: word unexpected (expecting "do")\n'],
  ['for 1 in a; do :; done', 'dash: 1: Syntax error: Bad for loop variable\n'],
  ['while true', 'dash: 1: Syntax error: end of file unexpected (expecting "do")\n'],
  ['case', 'dash: 1: Syntax error: end of file unexpected (expecting word)\n'],
  ['case x in', 'dash: 1: Syntax error: end of file unexpected (expecting ")")\n'],
  ['case x in a) echo', 'dash: 1: Syntax error: end of file unexpected (expecting ";;")\n'],
  ['{ echo', 'dash: 1: Syntax error: end of file unexpected (expecting "}")\n'],
  ['(', 'dash: 1: Syntax error: end of file unexpected (expecting ")")\n'],
  ['echo > ;', 'dash: 1: Syntax error: ";" unexpected\n'],
  ['then echo', 'dash: 1: Syntax error: "then" unexpected\n'],
];

describe('syntax errors', () => {
  it.each(SYNTAX_ERRORS)('%s', async (script, expected) => {
    const result = await dash(script);
    expect(result.stderr).toBe(expected);
    expect(result.status).toBe(2);
  });

  it('runs the lines before a syntax error, as dash does', async () => {
    const result = await dash('echo a\nfi');
    expect(result.stdout).toBe('a\n');
    expect(result.stderr).toBe('dash: 2: Syntax error: "fi" unexpected\n');
  });

  it('returns the error as a value from parseScript', () => {
    expect(parseScript('echo ok\nif').error).toEqual({
      message: 'Syntax error: end of file unexpected (expecting "then")',
      line: 2,
    });
  });
});

describe('commands that cannot run', () => {
  it('prints dash not-found message with the script line and exits 127', async () => {
    const result = await dash('echo 1\necho 2\nif true; then\n  foo\nfi');
    expect(result.stdout).toBe('1\n2\n');
    expect(result.stderr).toBe('dash: 4: foo: not found\n');
    expect(result.status).toBe(127);
  });

  it('names the shell as invoked, /bin/sh by default', async () => {
    const machine = testMachine();
    expect(await machine.sh('foo')).toBe(127);
    expect(machine.stderr).toBe('/bin/sh: 1: foo: not found\n');
  });

  it('counts lines inside quotes, continuations and here-documents', async () => {
    expect((await dash('echo "a\nb"; foo')).stderr).toBe('dash: 2: foo: not found\n');
    expect((await dash('echo a \\\nb; foo')).stderr).toBe('dash: 2: foo: not found\n');
    expect((await dash('cat <<EOF\nx\nEOF\nfoo')).stderr).toBe('dash: 4: foo: not found\n');
  });

  it('says Permission denied with 126 for a file without the execute bit', async () => {
    const result = await dash('cd /tmp; touch x; chmod -x x; ./x');
    expect(result.stderr).toBe('dash: 1: ./x: Permission denied\n');
    expect(result.status).toBe(126);
  });

  it('runs an executable the simulation does not model as a plain no-op', async () => {
    const machine = testMachine();
    machine.fs.set('/usr/bin/gcc', {
      kind: 'file',
      content: '\u007fELF\n',
      mode: 0o755,
      uid: 0,
      gid: 0,
      mtime: 0,
    });
    expect(await machine.sh('gcc -o app app.c; gcc -c x.c')).toBe(0);
    expect(machine.stderr).toBe('');
    expect(machine.notes).toEqual(['gcc is not simulated; it did nothing']);
  });

  it('without a note channel, says so on stderr each time', async () => {
    const machine = testMachine();
    machine.fs.set('/usr/bin/gcc', {
      kind: 'file',
      content: '\u007fELF\n',
      mode: 0o755,
      uid: 0,
      gid: 0,
      mtime: 0,
    });
    const context = { ...machine.context(['gcc']), note: undefined };
    const { execute } = await import('./execute.ts');
    expect(await execute(['gcc', '-c', 'x.c'], context)).toBe(0);
    expect(machine.stderr).toBe('dockyard: gcc is not simulated; it did nothing\n');
  });

  it('reports builtin failures with the shell prefix', async () => {
    expect((await dash('cd /nonexist; echo after $?')).stderr).toBe(
      "dash: 1: cd: can't cd to /nonexist\n",
    );
    expect((await dash('cd /nonexist; echo after $?')).stdout).toBe('after 2\n');
    expect((await dash('[ a -lt 1 ]')).stderr).toBe('dash: 1: [: Illegal number: a\n');
    expect((await dash('[ 1 -eq ]')).stderr).toBe('dash: 1: [: -eq: argument expected\n');
    expect((await dash('[ a')).stderr).toBe('dash: 1: [: missing ]\n');
    expect((await dash('exit foo')).stderr).toBe('dash: 1: exit: Illegal number: foo\n');
    expect((await dash('printf "%d\\n" abc')).stderr).toBe(
      'dash: 1: printf: abc: expected numeric value\n',
    );
    expect((await dash('shift 5')).stderr).toBe("dash: 1: shift: can't shift that many\n");
  });

  it('stops the shell on a refused expansion', async () => {
    const result = await dash('echo ${u?}; echo after');
    expect(result.stderr).toBe('dash: 1: u: parameter not set\n');
    expect(result.stdout).toBe('');
    expect(result.status).toBe(2);
    expect((await dash('echo ${u:?}')).stderr).toBe('dash: 1: u: parameter not set or null\n');
    expect((await dash('echo $((1/0))')).stderr).toBe(
      'dash: 1: arithmetic expression: division by zero: "1/0"\n',
    );
  });
});

describe('pipes and redirection', () => {
  it('feeds each command of a pipeline the output of the one before', async () => {
    expect((await dash('printf "a b\\nc\\n" | wc -l')).stdout).toBe('2\n');
    expect((await dash('echo a | foo | cat; echo $?')).stderr).toBe('dash: 1: foo: not found\n');
  });

  it('writes, appends and reads files', async () => {
    const result = await dash('cd /tmp; echo a > f; echo b >> f; cat f; cat < f | wc -l');
    expect(result.stdout).toBe('a\nb\n2\n');
  });

  it('joins stderr to stdout with 2>&1 and discards with 2>/dev/null', async () => {
    const joined = await dash('ls /nope 2>&1 | cat');
    expect(joined.stdout).toBe("ls: cannot access '/nope': No such file or directory\n");
    expect(joined.stderr).toBe('');
    const quiet = await dash('ls /nope 2>/dev/null; echo $?');
    expect(quiet.stdout).toBe('2\n');
    expect(quiet.stderr).toBe('');
  });

  it('prints dash messages when a redirection fails', async () => {
    const created = await dash('echo > /no/such/file; echo after $?');
    expect(created.stderr).toBe('dash: 1: cannot create /no/such/file: Directory nonexistent\n');
    expect(created.stdout).toBe('after 2\n');
    expect((await dash('cat < /nonexist')).stderr).toBe(
      'dash: 1: cannot open /nonexist: No such file\n',
    );
    expect((await dash('echo a >&3')).stderr).toBe('dash: 1: 3: Bad file descriptor\n');
  });

  it('sends echo >&2 to stderr', async () => {
    const result = await dash('echo oops >&2');
    expect(result.stderr).toBe('oops\n');
  });
});

describe('exit status and options', () => {
  it('returns the status of the last command, or of exit', async () => {
    expect((await dash('false')).status).toBe(1);
    expect((await dash('exit 3')).status).toBe(3);
    expect((await dash('(exit 4); echo $?')).stdout).toBe('4\n');
  });

  it('stops at the first failure under set -e, except in conditions', async () => {
    const result = await dash(
      'set -e; if false; then :; fi; false && true; echo mid; false; echo no',
    );
    expect(result.stdout).toBe('mid\n');
    expect(result.status).toBe(1);
  });

  it('runs the node image entrypoint, which execs its arguments', async () => {
    const entrypoint = [
      '#!/bin/sh',
      'set -e',
      'if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ] || { [ -f "${1}" ] && ! [ -x "${1}" ]; }; then',
      '  set -- node "$@"',
      'fi',
      'exec "$@"',
      '',
    ].join('\n');
    const machine = testMachine();
    machine.fs.set('/usr/local/bin/docker-entrypoint.sh', {
      kind: 'file',
      content: entrypoint,
      mode: 0o755,
      uid: 0,
      gid: 0,
      mtime: 0,
    });
    expect(await machine.run(['docker-entrypoint.sh', 'echo', 'hi'])).toBe(0);
    expect(await machine.run(['docker-entrypoint.sh', '--version'])).toBe(0);
    expect(machine.stdout).toBe('hi\nv24.11.1\n');
  });
});

describe('dialects', () => {
  it('prints bash and busybox ash not-found messages in their words', async () => {
    const bash = testMachine();
    await bash.run(['bash', '-c', 'foo']);
    expect(bash.stderr).toBe('bash: line 1: foo: command not found\n');
    const ash = testMachine({ busybox: true });
    await ash.run(['sh', '-c', 'foo']);
    expect(ash.stderr).toBe('sh: foo: not found\n');
  });

  it('says which quote bash was looking for at the end of a command string', async () => {
    // As bash 5.2 prints it for `bash -c 'echo "x'`.
    const double = testMachine();
    expect(await double.run(['bash', '-c', 'echo "x'])).toBe(2);
    expect(double.stderr).toBe(
      'bash: -c: line 1: unexpected EOF while looking for matching `"\'\n',
    );
    const single = testMachine();
    await single.run(['bash', '-c', "echo 'x"]);
    expect(single.stderr).toBe("bash: -c: line 1: unexpected EOF while looking for matching `''\n");
  });

  it('runs busybox applets with busybox messages', async () => {
    const machine = testMachine({ busybox: true });
    await machine.run(['ls', 'nope']);
    await machine.run(['cat', 'nope']);
    await machine.run(['mkdir', 'x/b']);
    expect(machine.stderr).toBe(
      "ls: nope: No such file or directory\ncat: can't open 'nope': No such file or directory\nmkdir: can't create directory 'x/b': No such file or directory\n",
    );
  });
});
