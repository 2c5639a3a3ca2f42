import { readFile } from '../../fs/ops.ts';
import type { ProgramContext } from '../program.ts';
import { readText } from './common.ts';

/**
 * `node`: reports its version. Running JavaScript is not modelled (there is no JavaScript engine
 * inside a simulated container), so a script, `-e` or the REPL says so plainly and fails.
 */

const FALLBACK_VERSION = '24.11.1';

/** The node version of the image: `NODE_VERSION` as the official images set it, or the headers. */
export function nodeVersion(context: ProgramContext): string {
  const fromEnv = context.env.NODE_VERSION;
  if (fromEnv) return fromEnv.replace(/^v/, '');
  const header = readFile(context.fs, '/usr/local/include/node/node_version.h');
  const part = (name: string) => new RegExp(`#define ${name} (\\d+)`).exec(header)?.[1];
  const major = part('NODE_MAJOR_VERSION');
  if (major)
    return `${major}.${part('NODE_MINOR_VERSION') ?? 0}.${part('NODE_PATCH_VERSION') ?? 0}`;
  return FALLBACK_VERSION;
}

export function node(context: ProgramContext): number {
  const args = context.argv.slice(1);
  const version = nodeVersion(context);
  if (args[0] === '-v' || args[0] === '--version') {
    context.io.stdout(`v${version}\n`);
    return 0;
  }
  const script = args.find((arg) => !arg.startsWith('-'));
  const evaluates = args.some((arg) => ['-e', '--eval', '-p', '--print'].includes(arg));
  if (script !== undefined && !evaluates) {
    const text = readText(context, script);
    if (text === 'ENOENT' || text === 'ENOTDIR') {
      const path = script.startsWith('/') ? script : `${context.cwd.replace(/\/$/, '')}/${script}`;
      context.io.stderr(
        `node:internal/modules/cjs/loader:1386\n  throw err;\n  ^\n\nError: Cannot find module '${path}'\n    at Function._resolveFilename (node:internal/modules/cjs/loader:1383:15) {\n  code: 'MODULE_NOT_FOUND',\n  requireStack: []\n}\n\nNode.js v${version}\n`,
      );
      return 1;
    }
    context.io.stderr(
      `dockyard: node ${script}: running JavaScript is not simulated; node did nothing\n`,
    );
    return 1;
  }
  if (evaluates) {
    context.io.stderr('dockyard: node -e: running JavaScript is not simulated; node did nothing\n');
    return 1;
  }
  // With no terminal, the REPL reads standard input as a script; an empty one ends it at once,
  // which is why `docker run -d node` exits 0 straight away.
  if (!context.io.tty && context.io.stdin.trim() === '') return 0;
  context.io.stderr('dockyard: the node REPL is not simulated; node did nothing\n');
  return 1;
}
