/** The Dockerfile reader's public API: parse, dump, typed instructions, expansion and lint. */

export type * from './types.ts';
export { parseDockerfile } from './parser.ts';
export { dumpNode, dumpNodes, goQuote } from './dump.ts';
export { parseInstructions, instructionNames } from './instructions.ts';
export { expandWord, expandWords, expandForRunLabel, expandForLabel, lexWord } from './expand.ts';
export type { EscapeToken, ExpandResult, LexOptions, LexOutput, VariableLookup } from './expand.ts';
export { parseRunMount } from './mount.ts';
export type { MountExpander, MountResult } from './mount.ts';
export { parseGoDuration } from './duration.ts';
export { parseCheckDirective } from './checks.ts';
export { lintViolation } from './messages.ts';
export { lintDockerfile, lintDockerfileReport } from './lint.ts';
export type { LintOptions, LintReport } from './lint.ts';
export type { CheckConfig } from './checks.ts';
