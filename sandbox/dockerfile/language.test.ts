import { describe, expect, it } from 'vitest';
import { enWording } from './language.ts';
import { lintDockerfile } from './lint.ts';
import { zhWording } from './messages-zh.ts';
import type { Diagnostic } from './types.ts';

function find(diagnostics: Diagnostic[], code: string): Diagnostic {
  const found = diagnostics.find((d) => d.code === code);
  if (found === undefined) {
    throw new Error(`no ${code} in ${diagnostics.map((d) => d.code).join(', ')}`);
  }
  return found;
}

const hasHan = /\p{Script=Han}/u;

describe('the Chinese wording', () => {
  it('has an entry for every English message and hint, and nothing else', () => {
    const groups = [
      'errorHints',
      'buildkitCheckValueHints',
      'buildkitCheckHints',
      'dockyardChecks',
    ];
    for (const group of groups) {
      const en = Object.keys(enWording[group as keyof typeof enWording]).sort();
      const zh = Object.keys(zhWording[group as keyof typeof zhWording]).sort();
      expect(zh, group).toEqual(en);
    }
  });

  it('quotes in Chinese every value of the file that the English sentence quotes', () => {
    const keys = ['image', 'repository', 'sources', 'copy', 'command', 'fixed', 'count', 'first'];
    keys.push('last', 'joined', 'directory', 'port', 'server', 'listens', 'install', 'line');
    keys.push('manifests', 'dest', 'exec', 'keyword', 'text');
    for (const empty of [false, true]) {
      const values = Object.fromEntries(keys.map((key) => [key, `<${key}>`]));
      if (empty) {
        Object.assign(values, { joined: '', exec: '', fixed: '' });
      }
      for (const [code, en] of Object.entries(enWording.dockyardChecks)) {
        const zh = zhWording.dockyardChecks[code as keyof typeof enWording.dockyardChecks];
        for (const part of ['message', 'hint'] as const) {
          const render = (check: typeof en) => (check[part] as (v: unknown) => string)(values);
          const quoted = render(en).match(/<[a-z]+>/g) ?? [];
          const text = render(zh);
          expect(text, `${code} ${part}`).toMatch(hasHan);
          for (const value of quoted) {
            expect(text, `${code} ${part}`).toContain(value);
          }
        }
      }
    }
    for (const [rule, en] of Object.entries(enWording.buildkitCheckValueHints)) {
      const zh =
        zhWording.buildkitCheckValueHints[rule as keyof typeof enWording.buildkitCheckValueHints];
      expect(zh('<value>'), rule).toContain(en('<value>').match(/`[^`]*`/)?.[0]);
    }
  });

  it('writes every fixed hint in Chinese', () => {
    for (const text of [
      ...Object.values(zhWording.errorHints),
      ...Object.values(zhWording.buildkitCheckHints),
    ]) {
      expect(text).toMatch(hasHan);
    }
  });
});

describe('lint in Chinese', () => {
  const file = 'FROM node:latest\nWORKDIR /app\nCMD node server.js\n';

  it("gives Dockyard's checks in Chinese, quoting the file's values unchanged", () => {
    const latest = find(lintDockerfile(file, { language: 'zh' }), 'BaseImageLatestTag');
    expect(latest.message).toBe(
      '基础镜像 "node:latest" 使用的是 "latest" 标签，每当有新版本发布，它指向的内容就会变。',
    );
    expect(latest.hint).toBe(
      '请固定一个版本而不是 latest：`FROM node:<version>`，这样下个月构建的结果也一样。',
    );
    expect(latest.source).toBe('dockyard');
  });

  it("keeps BuildKit's message in English and translates only the hint Dockyard adds", () => {
    const en = find(lintDockerfile(file), 'JSONArgsRecommended');
    const zh = find(lintDockerfile(file, { language: 'zh' }), 'JSONArgsRecommended');
    expect(zh.message).toBe(
      'JSON arguments recommended for CMD to prevent unintended behavior related to OS signals',
    );
    expect(zh.message).toBe(en.message);
    expect(zh.hint).toBe(
      '请使用 JSON 形式 `CMD ["node", "server.js"]`，这样程序会作为 PID 1 运行，并能收到停止信号。',
    );
    expect(zh.url).toBe(en.url);
    expect(zh.range).toEqual(en.range);
  });

  it("keeps a fatal error in BuildKit's words, with a Chinese hint", () => {
    const [error] = lintDockerfile('FROM alpine:3\nRUN apk add curl\n  && curl -V\n', {
      language: 'zh',
    });
    expect(error?.message).toBe('dockerfile parse error on line 3: unknown instruction: &&');
    expect(error?.hint).toBe(
      '这看起来像一条 shell 命令。如果它属于上面的 RUN，请在上一行末尾加上反斜杠（\\），让命令接着写下去。',
    );
  });

  it('gives the general hint of a BuildKit check in Chinese', () => {
    const casing = find(
      lintDockerfile('FROM alpine:3 AS Build\n', { language: 'zh' }),
      'StageNameCasing',
    );
    expect(casing.message).toBe("Stage name 'Build' should be lowercase");
    expect(casing.hint).toBe('请用小写字母书写阶段名。');
  });

  it('finds the same problems in both languages', () => {
    const en = lintDockerfile(file);
    const zh = lintDockerfile(file, { language: 'zh' });
    expect(zh.map((d) => [d.code, d.severity, d.range])).toEqual(
      en.map((d) => [d.code, d.severity, d.range]),
    );
  });

  it('speaks English again after a Chinese call, and by default', () => {
    lintDockerfile(file, { language: 'zh' });
    const latest = find(lintDockerfile(file), 'BaseImageLatestTag');
    expect(latest.message).toBe(
      'The base image "node:latest" uses the tag "latest", which changes whenever a new version is published.',
    );
    expect(find(lintDockerfile(file, { language: 'en' }), 'BaseImageLatestTag').hint).toBe(
      latest.hint,
    );
  });
});
