// One test per folder: each folder holds a `Dockerfile` and `expected.txt`, a readable account
// of what BuildKit makes of it (parser nodes, stages with typed instructions, diagnostics with
// code and lines). `UPDATE_CASES=1 npx vitest run tests/dockerfile-cases` rewrites the expected
// files; review the difference before committing it. Lines starting with `must report: CODE` are
// written by hand, survive rewriting, and are checked on their own: the case fails when that
// diagnostic is missing, whatever the rest of the file says.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dumpNode } from '../../sandbox/dockerfile/dump.ts';
import { parseInstructions } from '../../sandbox/dockerfile/instructions.ts';
import { lintDockerfileReport } from '../../sandbox/dockerfile/lint.ts';
import { parseDockerfile } from '../../sandbox/dockerfile/parser.ts';
import type { Instruction } from '../../sandbox/dockerfile/types.ts';

const root = fileURLToPath(new URL('./', import.meta.url));
const update = process.env.UPDATE_CASES === '1';
const knownFiles = new Set(['Dockerfile', 'expected.txt']);

const folders = readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

/** Every field of a typed instruction except its syntax node and range, skipping empty ones. */
function describeInstruction(instruction: Instruction): string {
  const parts = [`L${instruction.range.start.line}`, instruction.kind.toUpperCase()];
  for (const [key, value] of Object.entries(instruction)) {
    if (key === 'node' || key === 'range' || key === 'kind') continue;
    if (value === undefined || value === false) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    parts.push(`${key}=${JSON.stringify(value)}`);
  }
  return parts.join(' ');
}

function account(text: string): string {
  const out: string[] = [];
  const parse = parseDockerfile(text);
  out.push('# parser');
  for (const node of parse.nodes) {
    out.push(`L${node.range.start.line}-${node.range.end.line} (${dumpNode(node)})`);
  }
  const instructions = parseInstructions(parse);
  if (instructions.metaArgs.length > 0 || instructions.stages.length > 0) {
    out.push('# stages');
    for (const meta of instructions.metaArgs) out.push(`global ${describeInstruction(meta)}`);
    for (const stage of instructions.stages) {
      out.push(
        `stage ${stage.index} ${JSON.stringify(stage.name)} ${describeInstruction(stage.from)}`,
      );
      for (const command of stage.commands) out.push(`  ${describeInstruction(command)}`);
    }
  }
  const report = lintDockerfileReport(text);
  out.push('# diagnostics');
  for (const d of report.diagnostics) {
    out.push(
      `${d.severity} ${d.source} ${d.code} L${d.range.start.line}-${d.range.end.line}: ${d.message}`,
    );
  }
  if (report.errorOnWarning) {
    out.push(
      `# check=error=true (line ${report.checkLine}): ${report.violation ?? 'no violation'}`,
    );
  }
  return out.join('\n') + '\n';
}

describe('Dockerfile cases', () => {
  for (const name of folders) {
    it(name, () => {
      const folder = `${root}${name}/`;
      const unknown = readdirSync(folder).filter((file) => !knownFiles.has(file));
      expect(unknown, `files no test reads in ${name}`).toEqual([]);
      expect(existsSync(`${folder}Dockerfile`), `${name} has no Dockerfile`).toBe(true);
      const text = readFileSync(`${folder}Dockerfile`, 'utf8');
      const expectedPath = `${folder}expected.txt`;
      const previous = existsSync(expectedPath) ? readFileSync(expectedPath, 'utf8') : '';
      const required = previous.split('\n').filter((line) => line.startsWith('must report: '));
      const actual = (required.length > 0 ? required.join('\n') + '\n' : '') + account(text);
      if (update) {
        writeFileSync(expectedPath, actual);
      } else {
        expect(existsSync(expectedPath), `${name} has no expected.txt`).toBe(true);
        expect(actual).toBe(previous);
      }
      const reported = lintDockerfileReport(text).diagnostics.map((d) => d.code);
      for (const line of required) {
        expect(reported).toContain(line.slice('must report: '.length).trim());
      }
      if (name.startsWith('error-')) {
        expect(required.length, `${name} names no code it must report`).toBeGreaterThan(0);
      }
    });
  }
});
