import { describe, expect, it } from 'vitest';
import { createSandbox } from '../index.ts';
import { fakeEnvironment, runLine } from '../testing.ts';
import { answerMatches, factValue } from './facts.ts';

const dockerfile = [
  'FROM node:latest',
  'WORKDIR /app',
  'VOLUME /app',
  'COPY . .',
  'RUN npm install -g http-server',
  'EXPOSE 8080',
  'CMD ["http-server", "-p", "8080"]',
].join('\n');

describe('facts', () => {
  it('are computed from the sandbox, or say what is missing', async () => {
    const sandbox = createSandbox({
      files: { Dockerfile: dockerfile, 'index.html': '<h1>x</h1>' },
      environment: fakeEnvironment(),
    });
    expect(factValue(sandbox.state(), 'published-url', { containerPort: 8080 }, 'en')).toEqual({
      known: false,
      reason: 'no running container publishes port 8080 yet',
    });
    expect(factValue(sandbox.state(), 'volume-mountpoint', {}, 'zh')).toEqual({
      known: false,
      reason: '还没有匿名卷',
    });

    for (const line of ['docker build -t aaa:ddd .', 'docker run -d -p 8890:8080 aaa:ddd']) {
      expect((await runLine(sandbox, line)).status).toBe(0);
    }
    const state = sandbox.state();
    expect(factValue(state, 'published-url', { containerPort: 8080 }, 'en')).toEqual({
      known: true,
      value: 'http://localhost:8890',
    });
    // WORKDIR, COPY and RUN; VOLUME, EXPOSE and CMD only change the config.
    expect(factValue(state, 'layers-added', { ref: 'aaa:ddd' }, 'en')).toEqual({
      known: true,
      value: '3',
    });
    const name = state.containers[0]?.name;
    expect(factValue(state, 'container-name', { image: 'aaa:ddd' }, 'en')).toEqual({
      known: true,
      value: name,
    });
    const volume = factValue(state, 'volume-mountpoint', {}, 'en');
    expect(volume.known && volume.value).toMatch(
      /^\/var\/lib\/docker\/volumes\/[0-9a-f]{64}\/_data$/,
    );
    const id = factValue(state, 'image-id-prefix', { ref: 'aaa:ddd' }, 'en');
    expect(id.known && id.value).toBe(
      state.images.find((i) => i.tags.includes('aaa:ddd'))?.id.slice(7, 19),
    );
  });
});

describe('answerMatches', () => {
  it.each([
    ['published-url', 'http://localhost:8888', 'http://localhost:8888/', true],
    ['published-url', 'http://localhost:8888', 'localhost:8888', true],
    ['published-url', 'http://localhost:8888', '127.0.0.1:8888', true],
    ['published-url', 'http://localhost:8888', 'http://localhost:8080', false],
    ['layers-added', '4', ' 4 ', true],
    ['layers-added', '4', 'four', false],
    ['layers-added', '4', '', false],
    ['container-name', 'eager_hopper', '/eager_hopper', true],
    ['container-name', 'eager_hopper', 'eager', false],
    [
      'volume-mountpoint',
      '/var/lib/docker/volumes/ab/_data',
      '/var/lib/docker/volumes/ab/_data/',
      true,
    ],
    ['image-id-prefix', '0123456789ab', 'sha256:0123456789abcdef', true],
    ['image-id-prefix', '0123456789ab', '0123456789AB', true],
    ['image-id-prefix', '0123456789ab', '0123456', false],
  ] as const)('%s: %s against %j is %s', (fact, value, given, expected) => {
    expect(answerMatches(fact, value, given)).toBe(expected);
  });
});
