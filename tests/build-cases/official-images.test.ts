/**
 * Docker's official-image Dockerfiles (tests/corpus/official-images) in the simulated builder:
 * each parses without error; with its COPY sources in the build context (any content) it builds
 * and gives the config its own instructions define, read here from the Dockerfiles by hand; and
 * without them it fails at the first COPY as BuildKit does, with the missing path and the excerpt.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDockerfile, parseInstructions } from '../../sandbox/dockerfile/index.ts';
import { createSandbox } from '../../sandbox/index.ts';
import { fakeEnvironment, runLine } from '../../sandbox/testing.ts';

const CORPUS = 'tests/corpus/official-images';

interface Expected {
  file: string;
  /** COPY sources the build context must hold. */
  sources: string[];
  /** The line of the first COPY, where the build stops without its sources. */
  firstCopyLine: number;
  config: Record<string, unknown>;
}

const SCRIPT = '#!/bin/sh\nset -e\nexec "$@"\n';

const IMAGES: Expected[] = [
  {
    file: 'node-22-bookworm.Dockerfile',
    sources: ['docker-entrypoint.sh'],
    firstCopyLine: 74,
    config: { Entrypoint: ['docker-entrypoint.sh'], Cmd: ['node'] },
  },
  {
    file: 'node-22-alpine3.24.Dockerfile',
    sources: ['docker-entrypoint.sh'],
    firstCopyLine: 108,
    config: { Entrypoint: ['docker-entrypoint.sh'], Cmd: ['node'] },
  },
  {
    file: 'nginx-1.27-mainline-bookworm.Dockerfile',
    sources: [
      'docker-entrypoint.sh',
      '10-listen-on-ipv6-by-default.sh',
      '15-local-resolvers.envsh',
      '20-envsubst-on-templates.sh',
      '30-tune-worker-processes.sh',
    ],
    firstCopyLine: 134,
    config: {
      Entrypoint: ['/docker-entrypoint.sh'],
      Cmd: ['nginx', '-g', 'daemon off;'],
      ExposedPorts: { '80/tcp': {} },
      StopSignal: 'SIGQUIT',
    },
  },
  {
    file: 'mysql-8.4-oracle.Dockerfile',
    sources: ['docker-entrypoint.sh'],
    firstCopyLine: 119,
    config: {
      Entrypoint: ['docker-entrypoint.sh'],
      Cmd: ['mysqld'],
      Volumes: { '/var/lib/mysql': {} },
      ExposedPorts: { '3306/tcp': {}, '33060/tcp': {} },
    },
  },
  {
    file: 'httpd-2.4-trixie.Dockerfile',
    sources: ['httpd-foreground'],
    firstCopyLine: 231,
    config: {
      Cmd: ['httpd-foreground'],
      WorkingDir: '/usr/local/apache2',
      StopSignal: 'SIGWINCH',
      ExposedPorts: { '80/tcp': {} },
    },
  },
  {
    file: 'redis-7.2-bookworm.Dockerfile',
    sources: ['docker-entrypoint.sh'],
    firstCopyLine: 146,
    config: {
      Entrypoint: ['docker-entrypoint.sh'],
      Cmd: ['redis-server'],
      Volumes: { '/data': {} },
      WorkingDir: '/data',
      ExposedPorts: { '6379/tcp': {} },
    },
  },
  {
    file: 'python-3.14-slim-trixie.Dockerfile',
    sources: [],
    firstCopyLine: 0,
    config: { Cmd: ['python3'] },
  },
  {
    file: 'postgres-18-trixie.Dockerfile',
    sources: ['docker-entrypoint.sh', 'docker-ensure-initdb.sh'],
    firstCopyLine: 195,
    config: {
      Entrypoint: ['docker-entrypoint.sh'],
      Cmd: ['postgres'],
      Volumes: { '/var/lib/postgresql': {} },
      StopSignal: 'SIGINT',
      ExposedPorts: { '5432/tcp': {} },
    },
  },
];

function dockerfile(file: string): string {
  return readFileSync(`${CORPUS}/${file}`, 'utf8');
}

describe('official images', () => {
  for (const image of IMAGES) {
    describe(image.file, () => {
      it('parses with no error', () => {
        const parsed = parseDockerfile(dockerfile(image.file));
        expect(parsed.error).toBeUndefined();
        expect(parseInstructions(parsed).error).toBeUndefined();
      });

      it('builds with its COPY sources and gives the config its instructions define', async () => {
        const files: Record<string, string> = { Dockerfile: dockerfile(image.file) };
        for (const source of image.sources) files[source] = SCRIPT;
        const sandbox = createSandbox({ files, environment: fakeEnvironment() });
        const built = await runLine(sandbox, 'docker build --progress=plain -t official .');
        expect(built.output).toContain('naming to docker.io/library/official:latest done');
        expect(built.status).toBe(0);
        const inspected = await runLine(
          sandbox,
          "docker inspect --format '{{json .Config}}' official",
        );
        const config = JSON.parse(inspected.output) as Record<string, unknown>;
        for (const [key, value] of Object.entries(image.config)) {
          expect(config[key], key).toEqual(value);
        }
        if (!('Entrypoint' in image.config)) expect(config.Entrypoint ?? null).toBeNull();
      });

      if (image.sources.length > 0) {
        it('fails at its first COPY without the sources, as BuildKit does', async () => {
          const sandbox = createSandbox({
            files: { Dockerfile: dockerfile(image.file) },
            environment: fakeEnvironment(),
          });
          const { status, output } = await runLine(sandbox, 'docker build --progress=plain .');
          expect(status).toBe(1);
          const lines = output.trimEnd().split('\n');
          expect(lines.at(-1)).toMatch(
            new RegExp(
              `^ERROR: failed to build: failed to solve: failed to compute cache key: failed to calculate checksum of ref [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}::[a-z0-9]{25}: "/${image.sources[0]!.replace(/\./g, '\\.')}": not found$`,
            ),
          );
          expect(output).toContain(`Dockerfile:${image.firstCopyLine}\n--------------------\n`);
        });
      }
    });
  }
});
