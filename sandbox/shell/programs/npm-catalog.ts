/**
 * The packages `npm install` can simulate: facts about the real packages (version, bin, the
 * dependency tree npm installs with them, how many of those ask for funding), recorded from real
 * installs. Package contents are not modelled; a bin file stands in for the program.
 */

export interface CatalogPackage {
  name: string;
  version: string;
  description: string;
  license: string;
  /** Command name → path inside the package. */
  bin: Record<string, string>;
  /** Direct dependencies as package.json lists them. */
  dependencies: Record<string, string>;
  /** Every package npm places under node_modules with it, `name@version`. */
  tree: string[];
  /** How many packages in the tree (itself included) declare `funding`. */
  funding: number;
  /** Whether the simulation can run its bin (a registered program of the same name). */
  runnable: boolean;
}

const HTTP_SERVER_TREE = [
  'ansi-styles@4.3.0',
  'async-function@1.0.0',
  'async-generator-function@1.0.0',
  'async@3.2.6',
  'basic-auth@2.0.1',
  'call-bind-apply-helpers@1.0.2',
  'call-bound@1.0.4',
  'chalk@4.1.2',
  'color-convert@2.0.1',
  'color-name@1.1.4',
  'corser@2.0.1',
  'debug@4.4.3',
  'dunder-proto@1.0.1',
  'es-define-property@1.0.1',
  'es-errors@1.3.0',
  'es-object-atoms@1.1.2',
  'eventemitter3@4.0.7',
  'follow-redirects@1.16.3',
  'function-bind@1.1.2',
  'generator-function@2.0.1',
  'get-intrinsic@1.3.1',
  'get-proto@1.0.1',
  'gopd@1.2.0',
  'has-flag@4.0.0',
  'has-symbols@1.1.0',
  'hasown@2.0.4',
  'he@1.2.0',
  'html-encoding-sniffer@3.0.0',
  'http-proxy@1.18.1',
  'iconv-lite@0.6.3',
  'math-intrinsics@1.1.0',
  'mime@1.6.0',
  'minimist@1.2.8',
  'ms@2.1.3',
  'object-inspect@1.14.0',
  'opener@1.5.2',
  'portfinder@1.0.38',
  'qs@6.17.1',
  'requires-port@1.0.0',
  'safe-buffer@5.1.2',
  'safer-buffer@2.1.2',
  'secure-compare@3.0.1',
  'side-channel-list@1.0.1',
  'side-channel-map@1.0.1',
  'side-channel-weakmap@1.0.2',
  'side-channel@1.1.1',
  'supports-color@7.2.0',
  'union@0.5.0',
  'url-join@4.0.1',
  'whatwg-encoding@2.0.0',
];

export const NPM_CATALOG: ReadonlyMap<string, CatalogPackage> = new Map([
  [
    'http-server',
    {
      name: 'http-server',
      version: '14.1.1',
      description: 'A simple zero-configuration command-line http server',
      license: 'MIT',
      bin: { 'http-server': './bin/http-server' },
      dependencies: {
        'basic-auth': '^2.0.1',
        chalk: '^4.1.2',
        corser: '^2.0.1',
        he: '^1.2.0',
        'html-encoding-sniffer': '^3.0.0',
        'http-proxy': '^1.18.1',
        mime: '^1.6.0',
        minimist: '^1.2.6',
        opener: '^1.5.1',
        portfinder: '^1.0.28',
        'secure-compare': '3.0.1',
        union: '~0.5.0',
        'url-join': '^4.0.1',
      },
      tree: HTTP_SERVER_TREE,
      funding: 15,
      runnable: true,
    },
  ],
]);

/** Splits `name@range` (and `@scope/name@range`) into its parts. */
export function parseSpec(spec: string): { name: string; range: string | undefined } {
  const at = spec.indexOf('@', 1);
  return at < 0
    ? { name: spec, range: undefined }
    : { name: spec.slice(0, at), range: spec.slice(at + 1) };
}

/** Whether `version` satisfies the simple ranges package.json files use: exact, ^, ~, *, x. */
export function satisfies(version: string, range: string | undefined): boolean {
  if (range === undefined || range === '' || range === '*' || range === 'latest') return true;
  const [major, minor, patch] = version.split('.').map(Number) as [number, number, number];
  const match = /^([\^~]?)v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?$/.exec(range.trim());
  if (!match) return false;
  const want = [match[2], match[3], match[4]].map((part) =>
    part === undefined || part === 'x' || part === '*' ? undefined : Number(part),
  );
  const [wMajor, wMinor, wPatch] = want as [number, number | undefined, number | undefined];
  const compare = (a: number[], b: number[]) => {
    for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return 0;
  };
  const current = [major, minor, patch];
  const floor = [wMajor, wMinor ?? 0, wPatch ?? 0];
  if (match[1] === '^') {
    if (compare(current, floor) < 0) return false;
    if (wMajor !== 0) return major === wMajor;
    return minor === (wMinor ?? 0);
  }
  if (match[1] === '~')
    return compare(current, floor) >= 0 && major === wMajor && minor === (wMinor ?? minor);
  return (
    major === wMajor &&
    (wMinor === undefined || minor === wMinor) &&
    (wPatch === undefined || patch === wPatch)
  );
}
