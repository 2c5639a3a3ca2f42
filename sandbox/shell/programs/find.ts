import type { Entry } from '../../fs/entry.ts';
import { resolve } from '../../fs/ops.ts';
import { resolvePath } from '../../fs/path.ts';
import { killedStatus, yieldToHost } from '../limits.ts';
import { matchesPattern, type PatternChar } from '../pattern.ts';
import type { ProgramContext } from '../program.ts';
import { resolveCommand } from '../resolve.ts';
import { attempt, errnoText, spawnChild, type Flavor } from './common.ts';

/**
 * `find` with the expressions Dockerfiles use: `-name`, `-iname`, `-path`, `-type`,
 * `-executable`, `-empty`, `-maxdepth`, `-mindepth`, `-depth`, `!`/`-not`, `-a`, `-o`, `( )`,
 * `-print`, `-delete` and `-exec ... ;` / `-exec ... {} +`. A predicate GNU find has but the
 * simulation does not is refused by name, before anything runs; `xargs` feeds standard input's
 * words to a command.
 */

type Expr =
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'not'; expr: Expr }
  | { kind: 'name'; pattern: PatternChar[]; fold: boolean; whole: boolean }
  | { kind: 'type'; types: string }
  | { kind: 'executable' | 'empty' | 'print' | 'delete' | 'true' | 'false' }
  | { kind: 'exec'; argv: string[]; batch: boolean };

/** Predicates of GNU find that this one does not evaluate. */
const UNMODELLED = new Set([
  '-perm',
  '-newer',
  '-mtime',
  '-mmin',
  '-atime',
  '-amin',
  '-ctime',
  '-cmin',
  '-size',
  '-user',
  '-group',
  '-uid',
  '-gid',
  '-nouser',
  '-nogroup',
  '-links',
  '-inum',
  '-regex',
  '-iregex',
  '-samefile',
  '-fprint',
  '-fprintf',
  '-printf',
  '-print0',
  '-ls',
  '-fls',
  '-ok',
  '-okdir',
  '-execdir',
  '-readable',
  '-writable',
  '-lname',
  '-ilname',
  '-xtype',
  '-prune',
  '-quit',
]);

const GLOBAL = new Set([
  '-depth',
  '-maxdepth',
  '-mindepth',
  '-xdev',
  '-mount',
  '-follow',
  '-L',
  '-H',
  '-P',
  '-ignore_readdir_race',
  '-noleaf',
]);

function toPattern(text: string): PatternChar[] {
  const chars: PatternChar[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && i + 1 < text.length) chars.push({ ch: text[++i]!, special: false });
    else chars.push({ ch: text[i]!, special: true });
  }
  return chars;
}

class FindError extends Error {}

/** Levels below a start point: deeper than Linux's 4096-byte paths allow (2048 of `a/`). */
const MAX_DEPTH = 2048;

interface Settings {
  maxDepth: number;
  minDepth: number;
  depthFirst: boolean;
}

function parseExpression(tokens: string[], settings: Settings): Expr {
  let i = 0;
  const peek = () => tokens[i];
  const primary = (): Expr => {
    const token = tokens[i++];
    if (token === undefined) throw new FindError('expected an expression');
    if (token === '(') {
      const inner = or();
      if (tokens[i++] !== ')')
        throw new FindError(
          "invalid expression; I was expecting to find a ')' somewhere but did not see one.",
        );
      return inner;
    }
    if (token === '!' || token === '-not') return { kind: 'not', expr: primary() };
    const argument = () => {
      const value = tokens[i++];
      if (value === undefined) throw new FindError(`missing argument to \`${token}'`);
      return value;
    };
    switch (token) {
      case '-name':
      case '-iname':
        return {
          kind: 'name',
          pattern: toPattern(argument()),
          fold: token === '-iname',
          whole: false,
        };
      case '-path':
      case '-wholename':
      case '-ipath':
        return {
          kind: 'name',
          pattern: toPattern(argument()),
          fold: token === '-ipath',
          whole: true,
        };
      case '-type': {
        const types = argument();
        if (!/^[fdlpscbD](,[fdlpscbD])*$/.test(types))
          throw new FindError(`Unknown argument to -type: ${types}`);
        return { kind: 'type', types: types.replace(/,/g, '') };
      }
      case '-executable':
      case '-empty':
      case '-print':
      case '-delete':
      case '-true':
      case '-false':
        if (token === '-delete') settings.depthFirst = true;
        return { kind: token.slice(1) as 'executable' };
      case '-exec': {
        const argv: string[] = [];
        for (;;) {
          const word = tokens[i++];
          if (word === undefined) throw new FindError("missing argument to `-exec'");
          if (word === ';') return { kind: 'exec', argv, batch: false };
          if (word === '+' && argv[argv.length - 1] === '{}') {
            return { kind: 'exec', argv: argv.slice(0, -1), batch: true };
          }
          argv.push(word);
        }
      }
      case '-maxdepth':
      case '-mindepth': {
        const value = argument();
        if (!/^\d+$/.test(value))
          throw new FindError(
            `Expected a positive decimal integer argument to ${token}, but got \`${value}'`,
          );
        if (token === '-maxdepth') settings.maxDepth = Number(value);
        else settings.minDepth = Number(value);
        return { kind: 'true' };
      }
      default:
        if (GLOBAL.has(token)) {
          if (token === '-depth') settings.depthFirst = true;
          return { kind: 'true' };
        }
        if (UNMODELLED.has(token)) throw new FindError(`\u0000${token}`);
        throw new FindError(`unknown predicate \`${token}'`);
    }
  };
  const and = (): Expr => {
    let left = primary();
    for (;;) {
      const next = peek();
      if (next === undefined || next === ')' || next === '-o' || next === '-or' || next === ',')
        return left;
      if (next === '-a' || next === '-and') i++;
      left = { kind: 'and', left, right: primary() };
    }
  };
  const or = (): Expr => {
    let left = and();
    while (peek() === '-o' || peek() === '-or') {
      i++;
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };
  if (tokens.length === 0) return { kind: 'print' };
  const expr = or();
  if (i < tokens.length) throw new FindError(`paths must precede expression: \`${tokens[i]}'`);
  return expr;
}

function hasAction(expr: Expr): boolean {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return hasAction(expr.left) || hasAction(expr.right);
    case 'not':
      return hasAction(expr.expr);
    case 'print':
    case 'delete':
    case 'exec':
      return true;
    default:
      return false;
  }
}

const TYPE_LETTER: Record<Entry['kind'], string> = { file: 'f', dir: 'd', symlink: 'l' };

export async function find(context: ProgramContext, flavor: Flavor): Promise<number> {
  const args = context.argv.slice(1);
  let start = 0;
  while (['-L', '-H', '-P'].includes(args[start] ?? '')) start++;
  let first = start;
  while (first < args.length && !/^[-!(]/.test(args[first]!)) first++;
  const paths = args.slice(start, first);
  if (paths.length === 0) paths.push('.');
  const settings: Settings = { maxDepth: Infinity, minDepth: 0, depthFirst: false };
  let expr: Expr;
  try {
    expr = parseExpression(args.slice(first), settings);
  } catch (error) {
    if (!(error instanceof FindError)) throw error;
    if (error.message.startsWith('\u0000')) {
      context.io.stderr(
        `find: ${error.message.slice(1)} is not simulated; use -name, -type, -exec or -delete\n`,
      );
      return 1;
    }
    context.io.stderr(`find: ${error.message}\n`);
    return 1;
  }
  if (!hasAction(expr)) expr = { kind: 'and', left: expr, right: { kind: 'print' } };

  let status = 0;
  const batches = new Map<Expr, string[]>();
  let visited = 0;

  const evaluate = async (node: Expr, path: string, entry: Entry): Promise<boolean> => {
    switch (node.kind) {
      case 'and':
        return (await evaluate(node.left, path, entry)) && evaluate(node.right, path, entry);
      case 'or':
        return (await evaluate(node.left, path, entry)) || evaluate(node.right, path, entry);
      case 'not':
        return !(await evaluate(node.expr, path, entry));
      case 'name': {
        const subject = node.whole
          ? path
          : (path.replace(/\/+$/, '').split('/').pop() ?? path) || '/';
        return node.fold
          ? matchesPattern(
              subject.toLowerCase(),
              node.pattern.map((c) => ({ ...c, ch: c.ch.toLowerCase() })),
            )
          : matchesPattern(subject, node.pattern);
      }
      case 'type':
        return node.types.includes(TYPE_LETTER[entry.kind]);
      case 'executable':
        return entry.kind === 'dir' || (entry.kind === 'file' && (entry.mode & 0o111) !== 0);
      case 'empty':
        return entry.kind === 'dir'
          ? context.fs.list(resolvePath(context.cwd, path)).length === 0
          : entry.kind === 'file' && entry.content === '';
      case 'true':
        return true;
      case 'false':
        return false;
      case 'print':
        context.io.stdout(`${path}\n`);
        return true;
      case 'delete': {
        const absolute = resolvePath(context.cwd, path);
        if (entry.kind === 'dir' && context.fs.list(absolute).length > 0) {
          context.io.stderr(`find: cannot delete '${path}': Directory not empty\n`);
          status = 1;
          return false;
        }
        const problem = attempt(() => context.fs.delete(absolute));
        if (problem) {
          context.io.stderr(`find: cannot delete '${path}': ${errnoText(problem)}\n`);
          status = 1;
          return false;
        }
        return true;
      }
      case 'exec': {
        if (node.batch) {
          const list = batches.get(node) ?? [];
          list.push(path);
          batches.set(node, list);
          return true;
        }
        const argv = node.argv.map((word) => word.replaceAll('{}', path));
        if (argv.length === 0) return false;
        return (await spawnChild(context, argv)) === 0;
      }
    }
  };

  const visit = async (path: string, absolute: string, depth: number): Promise<void> => {
    if (context.signal.aborted) return;
    if (depth > MAX_DEPTH) {
      context.io.stderr(`find: '${path}': File name too long\n`);
      status = 1;
      return;
    }
    if (++visited % 1000 === 0) await yieldToHost(context);
    const entry = context.fs.get(absolute);
    if (!entry) return;
    const selfFirst = !settings.depthFirst;
    const inRange = depth >= settings.minDepth;
    if (selfFirst && inRange) await evaluate(expr, path, entry);
    if (entry.kind === 'dir' && depth < settings.maxDepth) {
      for (const name of context.fs.list(absolute)) {
        const childPath = path.endsWith('/') ? `${path}${name}` : `${path}/${name}`;
        await visit(childPath, absolute === '/' ? `/${name}` : `${absolute}/${name}`, depth + 1);
      }
    }
    if (!selfFirst && inRange) await evaluate(expr, path, entry);
  };

  for (const path of paths) {
    const found = resolve(context.fs, path, context.cwd);
    if (typeof found === 'string' || found.entry === undefined) {
      const why = typeof found === 'string' ? found : 'ENOENT';
      context.io.stderr(
        flavor === 'busybox'
          ? `find: ${path}: ${errnoText(why)}\n`
          : `find: '${path}': ${errnoText(why)}\n`,
      );
      status = 1;
      continue;
    }
    await visit(path, found.path, 0);
  }
  if (context.signal.aborted) return killedStatus(context.signal);
  for (const [node, list] of batches) {
    if (node.kind !== 'exec' || list.length === 0) continue;
    const argv = [...node.argv, ...list];
    if ((await spawnChild(context, argv)) !== 0) status = 1;
  }
  return status;
}

export async function xargs(context: ProgramContext, flavor: Flavor): Promise<number> {
  const args = context.argv.slice(1);
  let noEmpty = flavor === 'busybox';
  let trace = false;
  let perCommand = Infinity;
  let replace: string | undefined;
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      i++;
      break;
    }
    if (arg === '--no-run-if-empty') noEmpty = true;
    else if (arg === '--verbose') trace = true;
    else if (arg === '-n' || arg === '-L') perCommand = Number(args[++i]);
    else if (arg === '-I') replace = args[++i];
    else if (/^-[rt0]+$/.test(arg)) {
      if (arg.includes('r')) noEmpty = true;
      if (arg.includes('t')) trace = true;
    } else if (/^-[nL]\d+$/.test(arg)) perCommand = Number(arg.slice(2));
    else if (arg.startsWith('-I')) replace = arg.slice(2);
    else if (arg.startsWith('-')) {
      context.io.stderr(`xargs: invalid option -- '${arg.slice(1, 2)}'\n`);
      return 1;
    } else break;
  }
  const command = args.slice(i);
  if (command.length === 0) command.push('echo');
  const input = context.io.stdin;
  const items =
    replace !== undefined
      ? input.split('\n').filter((line) => line !== '')
      : (input.match(/(?:[^\s'"\\]|\\.|'[^']*'|"[^"]*")+/g) ?? []).map((word) =>
          word.replace(/\\(.)|'([^']*)'|"([^"]*)"/g, (_, a, b, c) => a ?? b ?? c ?? ''),
        );
  if (items.length === 0 && noEmpty) return 0;
  const runs: string[][] = [];
  if (replace !== undefined) {
    for (const item of items) runs.push(command.map((word) => word.replaceAll(replace!, item)));
  } else if (items.length === 0) runs.push(command);
  else {
    const size = Number.isFinite(perCommand) && perCommand > 0 ? perCommand : items.length;
    for (let at = 0; at < items.length; at += size)
      runs.push([...command, ...items.slice(at, at + size)]);
  }
  let status = 0;
  for (const [index, argv] of runs.entries()) {
    if (index % 100 === 99) await yieldToHost(context);
    if (context.signal.aborted) return killedStatus(context.signal);
    if (trace) context.io.stderr(`${argv.join(' ')}\n`);
    const found = resolveCommand(context.fs, argv[0]!, context.env, context.cwd);
    if (found.kind === 'not-found' || found.kind === 'not-executable') {
      const why = found.kind === 'not-found' ? 'No such file or directory' : 'Permission denied';
      context.io.stderr(`xargs: ${argv[0]}: ${why}\n`);
      return found.kind === 'not-found' ? 127 : 126;
    }
    const code = await spawnChild(context, argv);
    if (code !== 0) status = 123;
  }
  return status;
}
