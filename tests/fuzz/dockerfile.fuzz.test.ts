// Random and mutated Dockerfiles through the reader, the linter and the builder. The seed is
// fixed so a failure repeats; `FUZZ_SEED=<n>` tries another run. Properties: nothing throws,
// every call ends within a generous bound, every error and diagnostic points at a line of the
// file, and a build ends (by itself, or promptly once aborted) with an exit status.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseInstructions } from '../../sandbox/dockerfile/instructions.ts';
import { lintDockerfileReport } from '../../sandbox/dockerfile/lint.ts';
import { parseDockerfile } from '../../sandbox/dockerfile/parser.ts';
import { createSandbox } from '../../sandbox/index.ts';
import { fakeEnvironment } from '../../sandbox/testing.ts';

const seed = Number(process.env.FUZZ_SEED ?? 20261204);
const boundMs = 2000;

/** The sandbox's seeded test source picks the mutations, so a seed repeats a run. */
const random = fakeEnvironment(seed).random;
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;

function corpus(): string[] {
  const root = fileURLToPath(new URL('../', import.meta.url));
  const texts: string[] = [];
  const realWorld = `${root}conformance/real-world/`;
  for (const name of readdirSync(realWorld).sort()) {
    if (!/^\d{3}-/.test(name)) continue;
    const file = readdirSync(`${realWorld}${name}`).find((f) => f !== 'expected.json')!;
    texts.push(readFileSync(`${realWorld}${name}/${file}`, 'utf8'));
  }
  const golden = `${root}conformance/buildkit-parser/testfiles/`;
  for (const name of readdirSync(golden).sort()) {
    texts.push(readFileSync(`${golden}${name}/Dockerfile`, 'utf8'));
  }
  const cases = `${root}dockerfile-cases/`;
  for (const entry of readdirSync(cases, { withFileTypes: true })) {
    if (entry.isDirectory()) texts.push(readFileSync(`${cases}${entry.name}/Dockerfile`, 'utf8'));
  }
  return texts;
}

const keywords = [
  'FROM',
  'RUN',
  'CMD',
  'ENTRYPOINT',
  'SHELL',
  'LABEL',
  'MAINTAINER',
  'EXPOSE',
  'ENV',
  'ARG',
  'ADD',
  'COPY',
  'VOLUME',
  'USER',
  'WORKDIR',
  'ONBUILD',
  'STOPSIGNAL',
  'HEALTHCHECK',
  'from',
  'Run',
  'FORM',
  'COPPY',
  'apt-get',
  '&&',
];
const flags = [
  '--platform=linux/amd64',
  '--platform=$BUILDPLATFORM',
  '--mount=type=cache,target=/x',
  '--mount=type=secret,id=a',
  '--mount=type=bind,from=b,source=/,target=/c',
  '--mount=',
  '--mount=type=tmpfs,size=1m,target=/t',
  '--network=none',
  '--network=x',
  '--security=sandbox',
  '--from=build',
  '--from=0',
  '--chown=1:1',
  '--chmod=755',
  '--link',
  '--link=false',
  '--parents',
  '--exclude=*.md',
  '--checksum=sha256:00',
  '--keep-git-dir',
  '--unpack',
  '--interval=5s',
  '--timeout=1',
  '--start-period=0',
  '--start-interval=1ms',
  '--retries=-1',
  '--chwon=1',
  '--',
  '--"quoted"=x',
  '--x=`y`',
];
const tokens = [
  'alpine:3.20',
  'node:22',
  'scratch',
  'build',
  'AS',
  'as',
  '$A',
  '${A}',
  '${A:-b}',
  '${A',
  '${A:?boom}',
  '${A/x/y}',
  '${#}',
  '"',
  "'",
  '\\',
  '`',
  '[',
  ']',
  '["a", "b"]',
  '[1]',
  '<<EOF',
  '<<-EOT',
  "<<'Q'",
  '=',
  'A=1',
  'A="b c"',
  'NONE',
  'CMD',
  '8080',
  '80/udp',
  '1-2/TCP',
  '0.0.0.0:80:80',
  '.',
  './',
  '/app',
  'http://example.com/x.tar.gz',
  'echo hi',
  '#',
  '\t',
  'cd /x',
  'apt-get install curl',
  'npm ci',
  'http-server -p 9',
  '\u00e9',
  '\ufeff',
  '\u0000',
];
const snippets = ['\\\n', '\n', '\r\n', '\n\n', '\nEOF\n', '# escape=`\n', '# check=error=true\n'];

function randomLine(): string {
  const words = [pick(keywords)];
  for (let i = int(3); i > 0; i--) words.push(pick(flags));
  for (let i = int(5); i > 0; i--) words.push(pick(tokens));
  return words.join(pick([' ', ' ', '  ', '\t']));
}

function randomDockerfile(): string {
  const lines: string[] = [];
  if (random() < 0.2) lines.push(pick(['# escape=`', '# check=skip=all', '# syntax=x', '#']));
  if (random() < 0.8) lines.push(`FROM ${pick(tokens)}`);
  for (let i = int(12); i > 0; i--) {
    lines.push(random() < 0.1 ? pick(snippets) : randomLine());
  }
  return lines.join('\n') + (random() < 0.8 ? '\n' : '');
}

function mutate(text: string, others: readonly string[]): string {
  let out = text;
  for (let round = 1 + int(4); round > 0; round--) {
    const lines = out.split('\n');
    const at = int(lines.length);
    switch (int(9)) {
      case 0:
        lines.splice(at, 1);
        break;
      case 1:
        lines.splice(at, 0, lines[int(lines.length)] ?? '');
        break;
      case 2: {
        const other = int(lines.length);
        [lines[at], lines[other]] = [lines[other] ?? '', lines[at] ?? ''];
        break;
      }
      case 3:
        lines.splice(at, 0, randomLine());
        break;
      case 4: {
        const line = lines[at] ?? '';
        const col = int(line.length + 1);
        lines[at] = line.slice(0, col) + pick([...tokens, ...snippets]) + line.slice(col);
        break;
      }
      case 5: {
        const line = lines[at] ?? '';
        const col = int(line.length + 1);
        lines[at] = line.slice(0, col) + line.slice(col + 1 + int(8));
        break;
      }
      case 6:
        return lines.slice(0, at).join('\n');
      case 7: {
        const other = pick(others).split('\n');
        const from = int(other.length);
        lines.splice(at, 0, ...other.slice(from, from + 1 + int(6)));
        break;
      }
      default: {
        const chars = lines.join('\n');
        const pos = int(chars.length + 1);
        out = chars.slice(0, pos) + String.fromCharCode(int(0x3000)) + chars.slice(pos);
        continue;
      }
    }
    out = lines.join('\n');
  }
  return out;
}

function timed<T>(what: string, text: string, fn: () => T): T {
  const start = performance.now();
  const result = fn();
  const spent = performance.now() - start;
  expect(spent, `${what} took ${spent.toFixed(0)} ms (seed ${seed}) on:\n${text}`).toBeLessThan(
    boundMs,
  );
  return result;
}

/** Steps a lesson might use, on images the simulated registry has, so builds get past FROM. */
const lessonLines = [
  'WORKDIR /app',
  'WORKDIR app',
  'COPY . .',
  'COPY index.html /usr/share/nginx/html/',
  'COPY --from=0 /etc/hostname /copied',
  'ADD index.html /srv/',
  'RUN echo hello > /greeting && cat /greeting',
  'RUN mkdir -p /data && ls -la /',
  'RUN apt-get update && apt-get install -y curl',
  'RUN apk add --no-cache curl',
  'RUN npm install -g http-server',
  'RUN false',
  'RUN exit 3',
  'RUN cd /tmp && pwd',
  'RUN <<EOF\necho from heredoc\nEOF',
  'RUN --mount=type=cache,target=/root/.cache ls /root',
  'ENV GREETING=hello NAME="a b"',
  'ARG VERSION=1',
  'LABEL org.example.v=$VERSION',
  'USER nobody',
  'EXPOSE 8080',
  'VOLUME /data',
  'CMD ["http-server", "-p", "8080"]',
  'CMD echo $GREETING',
  'ENTRYPOINT ["sh", "-c"]',
  'HEALTHCHECK CMD wget -q -O- localhost || exit 1',
  'STOPSIGNAL SIGTERM',
  'SHELL ["/bin/sh", "-c"]',
  'ONBUILD RUN echo later',
];
const lessonImages = [
  'alpine',
  'node',
  'debian',
  'ubuntu',
  'busybox',
  'python',
  'nginx',
  'scratch',
];

function lessonDockerfile(): string {
  const lines = [`FROM ${pick(lessonImages)}`];
  for (let i = 1 + int(8); i > 0; i--) lines.push(pick(lessonLines));
  if (random() < 0.3) lines.push(`FROM ${pick(lessonImages)} AS second`, pick(lessonLines));
  const text = lines.join('\n') + '\n';
  return random() < 0.5 ? text : mutate(text, lessonLines);
}

const sources = corpus();
const inputs: string[] = [];
for (let i = 0; i < 1250; i++) inputs.push(randomDockerfile());
for (let i = 0; i < 1250; i++) inputs.push(mutate(pick(sources), sources));

describe(`Dockerfile fuzz (seed ${seed})`, () => {
  it(
    `parses and lints ${inputs.length} random and mutated files without throwing`,
    { timeout: 120_000 },
    () => {
      for (const text of inputs) {
        const lineCount = text.split('\n').length;
        const parse = timed('parse', text, () => parseDockerfile(text));
        const instructions = timed('instructions', text, () => parseInstructions(parse));
        for (const error of [parse.error, instructions.error]) {
          if (error === undefined) continue;
          expect(error.startLine, `error without a line on:\n${text}`).toBeGreaterThanOrEqual(1);
          expect(error.startLine).toBeLessThanOrEqual(lineCount);
          expect(error.endLine).toBeGreaterThanOrEqual(error.startLine);
        }
        const report = timed('lint', text, () => lintDockerfileReport(text));
        for (const d of report.diagnostics) {
          const where = `${d.code} "${d.message}" on:\n${text}`;
          expect(Number.isInteger(d.range.start.line), where).toBe(true);
          expect(d.range.start.line, where).toBeGreaterThanOrEqual(1);
          expect(d.range.start.line, where).toBeLessThanOrEqual(lineCount);
          expect(d.range.end.line, where).toBeGreaterThanOrEqual(d.range.start.line);
          expect(d.message, where).not.toBe('');
        }
      }
    },
  );

  it('builds a few hundred of them: each build ends with a status and no stack trace', async () => {
    const sandbox = createSandbox({
      files: { 'index.html': 'hi\n' },
      environment: fakeEnvironment(),
    });
    const readable = inputs.filter(
      (text) => parseInstructions(parseDockerfile(text)).error === undefined,
    );
    const statuses = new Map<number, number>();
    const chosen = [
      ...Array.from({ length: 200 }, lessonDockerfile),
      ...Array.from({ length: 100 }, () => pick(readable)),
      ...Array.from({ length: 50 }, () => pick(inputs)),
    ];
    for (const text of chosen) {
      sandbox.writeFile('Dockerfile', text);
      const controller = new AbortController();
      let output = '';
      let aborted = false;
      const stop = setTimeout(() => {
        aborted = true;
        controller.abort();
      }, boundMs);
      const started = performance.now();
      const status = await sandbox.run('docker build -q -t fuzz .', {
        tty: false,
        onOutput: (chunk) => (output += chunk),
        signal: controller.signal,
      });
      clearTimeout(stop);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      const spent = performance.now() - started;
      const where = `(seed ${seed}) on:\n${text}\n--- output:\n${output}`;
      expect(Number.isInteger(status), where).toBe(true);
      expect(output, where).not.toMatch(
        /\n\s+at .+:\d+:\d+\)?\n|TypeError|RangeError|ReferenceError/,
      );
      // A RUN may loop for ever, as in Docker; it must then stop promptly when aborted.
      expect(spent, `${aborted ? 'did not stop after abort' : 'too slow'} ${where}`).toBeLessThan(
        boundMs + 1000,
      );
    }
    sandbox.dispose();
    // The run means something only if a good share of the builds got through every step.
    expect(statuses.get(0) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(50);
  }, 120_000);
});
