import { describe, expect, it } from 'vitest';
import { createSandbox } from './index.ts';
import { fakeEnvironment, runLine } from './testing.ts';

const dockerfile = 'FROM alpine:latest\nENV HOME_DIR=/app\nWORKDIR app\nENV TARGET=$HOME_DRI\n';

describe('editor diagnostics in the page language', () => {
  it("gives Dockyard's words in Chinese and BuildKit's messages as Docker prints them", () => {
    const sandbox = createSandbox({
      files: { Dockerfile: dockerfile },
      environment: fakeEnvironment(),
    });
    const zh = sandbox.diagnostics('Dockerfile', { language: 'zh' });
    const en = sandbox.diagnostics('Dockerfile');

    const latest = zh.find((d) => d.code === 'BaseImageLatestTag');
    expect(latest?.message).toBe(
      '基础镜像 "alpine:latest" 使用的是 "latest" 标签，每当有新版本发布，它指向的内容就会变。',
    );

    const workdir = zh.find((d) => d.code === 'WorkdirRelativePath');
    expect(workdir?.message).toBe(
      'Relative workdir "app" can have unexpected results if the base image changes',
    );
    expect(workdir?.hint).toBe(
      '请使用绝对路径：如果这个目录本应位于根目录下，就写 `WORKDIR /app`。',
    );

    const undefinedVar = zh.find((d) => d.code === 'UndefinedVar');
    expect(undefinedVar?.message).toBe(
      "Usage of undefined variable '$HOME_DRI' (did you mean $HOME_DIR?)",
    );
    expect(undefinedVar?.hint).toBe('请在这一行之前用 ARG 或 ENV 声明这个变量，或者检查它的拼写。');

    expect(zh.map((d) => d.code)).toEqual(en.map((d) => d.code));
    expect(en.every((d) => !/\p{Script=Han}/u.test(`${d.message}${d.hint ?? ''}`))).toBe(true);
  });

  it('leaves the output of docker build in English', async () => {
    const sandbox = createSandbox({
      files: { Dockerfile: dockerfile },
      environment: fakeEnvironment(),
    });
    sandbox.diagnostics('Dockerfile', { language: 'zh' });
    const { output } = await runLine(sandbox, 'docker build -t app .');
    expect(output).toContain('UndefinedVar: Usage of undefined variable');
    expect(output).not.toMatch(/\p{Script=Han}/u);
  });
});
