import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dumpNode } from './dump.ts';
import { parseInstructions } from './instructions.ts';
import { parseDockerfile } from './parser.ts';

const corpus = fileURLToPath(new URL('../../tests/conformance/real-world/', import.meta.url));

interface Expected {
  dump: string[] | null;
  error: string | null;
  error_line: number | null;
  warnings: string[];
  stages: Array<{ name: string; base: string; commands: string[] }>;
}

const cases = readdirSync(corpus, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('real-world Dockerfiles', () => {
  for (const name of cases) {
    it(`reads ${name} as BuildKit 1.26 does`, () => {
      const dockerfile = readdirSync(`${corpus}${name}`).find((file) => file !== 'expected.json')!;
      const text = readFileSync(`${corpus}${name}/${dockerfile}`, 'utf8');
      const expected = JSON.parse(
        readFileSync(`${corpus}${name}/expected.json`, 'utf8'),
      ) as Expected;

      const parse = parseDockerfile(text);
      const instructions = parseInstructions(parse);

      if (expected.dump !== null) {
        expect(parse.nodes.map((node) => `(${dumpNode(node)})`)).toEqual(expected.dump);
      }
      expect(instructions.error?.message ?? null).toBe(expected.error);
      expect(instructions.error?.startLine ?? null).toBe(expected.error_line);
      expect([...parse.warnings, ...instructions.warnings].map((w) => w.code)).toEqual(
        expected.warnings,
      );
      expect(
        instructions.stages.map((stage) => ({
          name: stage.name,
          base: stage.from.image,
          commands: stage.commands.map((command) => command.kind),
        })),
      ).toEqual(expected.stages);
    });
  }
});
