import { describe, expect, it } from 'vitest';
import { lintDockerfile } from './lint.ts';
import { parseDockerfile } from './parser.ts';

/** Bytes from a fixed seed, decoded as Latin-1 so every value (NUL included) appears. */
function binaryJunk(length: number): string {
  let seed = 20240601;
  const chars: string[] = [];
  for (let i = 0; i < length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    chars.push(String.fromCharCode((seed >> 16) & 0xff));
  }
  return chars.join('');
}

function doublingArgs(count: number): string {
  const lines = ['ARG A0=x'];
  for (let i = 1; i <= count; i++) {
    lines.push(`ARG A${i}=\${A${i - 1}}\${A${i - 1}}`);
  }
  return lines.join('\n') + '\n';
}

const nestedDefault = '${A:-'.repeat(5000) + 'x' + '}'.repeat(5000);

/** Each input must be read quickly, without throwing, and must say something. */
const hostileInputs: Array<{ name: string; text: string; code?: string }> = [
  { name: 'binary junk', text: binaryJunk(20000) },
  { name: 'binary junk after FROM', text: 'FROM alpine\n' + binaryJunk(20000) },
  { name: 'a 64 KB line', text: 'FROM alpine\nENV X=' + 'a'.repeat(65535 - 6) + '\n' },
  {
    name: 'a 70 KB line',
    text: 'FROM alpine\nRUN ' + 'a'.repeat(70000) + '\n',
    code: 'LineTooLong',
  },
  { name: '10,000 lines of RUN \\', text: 'RUN \\\n'.repeat(10000) },
  { name: '10,000 lines of RUN \\ after FROM', text: 'FROM alpine\n' + 'RUN \\\n'.repeat(10000) },
  {
    name: 'an unbalanced double quote',
    text: 'FROM alpine\nENV A="abc\n',
    code: 'ExpansionFailed',
  },
  { name: 'an unbalanced single quote', text: "FROM alpine\nCOPY 'x /y\n" },
  {
    name: 'an unterminated heredoc',
    text: 'FROM alpine\nRUN <<EOF\necho hi\n',
    code: 'UnterminatedHeredoc',
  },
  {
    name: 'a heredoc marker inside 5000 nested ${',
    text: 'FROM alpine\nRUN ' + '${'.repeat(5000) + ' <<EOF\nhi\nEOF\n',
  },
  {
    name: '${ nested 5000 deep in ARG',
    text: 'FROM alpine\nARG A=' + nestedDefault + '\n',
    code: 'ExpansionFailed',
  },
  {
    name: '${ nested 5000 deep in a meta ARG',
    text: 'ARG A=' + nestedDefault + '\nFROM alpine\n',
    code: 'ExpansionFailed',
  },
  { name: '5000 unclosed ${', text: 'FROM alpine\nENV A=' + '${'.repeat(5000) + '\n' },
  {
    name: '26 ARGs that each double the one before',
    text: 'FROM alpine\n' + doublingArgs(26),
    code: 'ExpansionFailed',
  },
  {
    name: '26 meta ARGs that each double the one before',
    text: doublingArgs(26) + 'FROM alpine\n',
    code: 'ExpansionFailed',
  },
  {
    name: 'a replacement that multiplies a long value',
    text: `FROM alpine\nARG V=${'a'.repeat(60000)}\nARG R=${'b'.repeat(60000)}\nENV X=\${V//?/$R}\n`,
    code: 'ExpansionFailed',
  },
  {
    name: 'a pattern that backtracks',
    text: `FROM alpine\nARG V=${'a'.repeat(60000)}\nENV X=\${V//*a*a*a*a*a*a*b/}\n`,
    code: 'ExpansionFailed',
  },
  {
    name: '8000 ONBUILD in a row',
    text: 'FROM alpine\n' + 'ONBUILD '.repeat(8000) + 'RUN x\n',
    code: 'OnbuildChaining',
  },
  {
    name: 'JSON nested 30,000 deep',
    text: 'FROM alpine\nCMD ' + '['.repeat(30000) + ']'.repeat(30000) + '\n',
    code: 'JsonNotStringArray',
  },
  { name: 'an unclosed JSON array', text: 'FROM alpine\nCMD ' + '["a",'.repeat(10000) + '\n' },
  {
    name: 'a parser directive followed by 60,000 spaces',
    text: '# syntax=x' + ' '.repeat(60000) + 'y\nFROM alpine\n',
  },
  {
    name: 'an ADD source of 13,000 `.git#`',
    text: 'FROM alpine\nADD ' + '.git#'.repeat(13000) + '\u2028 /x\n',
  },
  {
    name: 'an image name of 60,000 characters from an ARG',
    text: `ARG X=${'a-'.repeat(30000)}!\nFROM \${X}\n`,
  },
  {
    name: 'a RUN of 60,000 spaces between two words',
    text: 'FROM alpine\nRUN a' + ' '.repeat(60000) + 'b\n',
  },
  {
    name: 'a RUN of 15,000 apt words',
    text: 'FROM alpine\nRUN ' + 'apt '.repeat(15000) + '\n',
  },
  {
    name: 'a RUN of apt-get install and 60,000 spaces',
    text: 'FROM alpine\nRUN ' + 'apt-get install '.repeat(3000) + ' '.repeat(10000) + 'x\n',
  },
  {
    name: 'a RUN of 20,000 rm words',
    text: 'FROM alpine\nRUN apt-get update; ' + 'rm '.repeat(20000) + '\n',
  },
  {
    name: 'a CMD of 60,000 spaces before a closing word',
    text: 'FROM alpine\nEXPOSE 1\nCMD http-server' + ' '.repeat(60000) + 'x\n',
  },
];

describe('hostile input', () => {
  for (const { name, text, code } of hostileInputs) {
    it(`reads ${name} quickly, without throwing`, { timeout: 5000 }, () => {
      const start = performance.now();
      const parse = parseDockerfile(text);
      const diagnostics = lintDockerfile(text);
      const elapsed = performance.now() - start;

      expect(parse.nodes.length > 0 || parse.error !== undefined).toBe(true);
      expect(diagnostics.length).toBeGreaterThan(0);
      if (code !== undefined) {
        expect(diagnostics.map((d) => d.code)).toContain(code);
      }
      expect(elapsed).toBeLessThan(2000);
    });
  }

  it('reports the nesting limit in BuildKit’s error wording', () => {
    const [error] = lintDockerfile('FROM scratch\nARG A=' + nestedDefault + '\n');
    expect(error?.severity).toBe('error');
    expect(error?.message).toMatch(/^failed to process ".*": \$\{\.\.\.\} is nested more than 256/);
  });

  it('reports the length limit and stops walking at the first failing ARG', () => {
    const errors = lintDockerfile('FROM scratch\n' + doublingArgs(26)).filter(
      (d) => d.severity === 'error',
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toBe(
      'failed to process "${A20}${A20}": the expanded value is longer than 1048576 characters (Dockyard stops expanding there)',
    );
    expect(errors[0]!.range.start.line).toBe(23);
  });
});
