import { describe, expect, it } from 'vitest';
import { readFile, resolve } from '../fs/ops.ts';
import { markerName, resolveCommand } from '../shell/resolve.ts';
import { catalogNames, catalogRepositories, lookupCatalog, type CatalogLookup } from './catalog.ts';
import { imageFilesystem, imageSize, type Image } from './image.ts';
import { catalogHint, daemonPullError, resolveSourceError } from './messages.ts';
import { parseReference, type Reference } from './reference.ts';

function ref(name: string): Reference {
  const parsed = parseReference(name);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed;
}

function lookup(name: string): CatalogLookup {
  return lookupCatalog(ref(name));
}

function image(name: string): Image {
  const found = lookup(name);
  if (found.kind !== 'found') throw new Error(`${name} is not in the catalog`);
  return found.image;
}

/** The program a command name runs in an image, found through the image's PATH. */
function runs(name: string, command: string): string {
  const img = image(name);
  const fs = imageFilesystem(img);
  const env = Object.fromEntries(
    img.config.Env.map((entry) => [
      entry.slice(0, entry.indexOf('=')),
      entry.slice(entry.indexOf('=') + 1),
    ]),
  );
  const found = resolveCommand(fs, command, env, '/');
  switch (found.kind) {
    case 'program':
      return found.name;
    case 'unmodelled': {
      const target = resolve(fs, found.path);
      const content =
        typeof target === 'string' || target.entry?.kind !== 'file' ? '' : target.entry.content;
      return `unmodelled:${markerName(content) ?? found.path}`;
    }
    case 'script':
      return `script:${found.interpreter.join(' ')}`;
    case 'not-found':
      return 'not-found';
    case 'not-executable':
      return 'not-executable';
  }
}

const MB = 1_000_000;

describe('the catalog', () => {
  it('resolves every base image the official Dockerfiles start from', () => {
    // The FROM lines of the official-images corpus (node, nginx, mysql, httpd, redis, python,
    // postgres).
    for (const name of [
      'debian:trixie-slim',
      'debian:bookworm-slim',
      'oraclelinux:9-slim',
      'buildpack-deps:bookworm',
      'alpine:3.24',
    ]) {
      expect(lookup(name).kind, name).toBe('found');
    }
  });

  it('has the official repositories people start from, each with a latest tag but openjdk', () => {
    const repositories = catalogRepositories();
    for (const name of [
      'node',
      'python',
      'golang',
      'rust',
      'openjdk',
      'eclipse-temurin',
      'ruby',
      'php',
      'nginx',
      'httpd',
      'redis',
      'postgres',
      'mysql',
      'mongo',
      'alpine',
      'debian',
      'ubuntu',
      'buildpack-deps',
      'busybox',
      'oraclelinux',
    ]) {
      expect(repositories).toContain(name);
      if (name !== 'openjdk' && name !== 'oraclelinux')
        expect(lookup(name).kind, name).toBe('found');
    }
    // openjdk has no `latest` any more: the well-known "manifest for openjdk:latest not found".
    expect(lookup('openjdk').kind).toBe('unknown-tag');
    expect(lookup('openjdk:17').kind).toBe('found');
    expect(catalogNames().length).toBeGreaterThan(300);
  });

  it('keeps the node tags lessons use', () => {
    const env = (name: string) => image(name).config.Env.find((e) => e.startsWith('NODE_VERSION='));
    expect(env('node')).toBe('NODE_VERSION=25.2.1');
    expect(env('node:22')).toBe('NODE_VERSION=22.21.1');
    expect(env('node:20')).toBe('NODE_VERSION=20.19.5');
    expect(env('node:lts')).toBe('NODE_VERSION=24.11.1');
    expect(env('node:22-alpine')).toBe('NODE_VERSION=22.21.1');
    expect(image('node').config.Entrypoint).toEqual(['docker-entrypoint.sh']);
    expect(image('node').config.Cmd).toEqual(['node']);
  });

  it('gives a tag and its aliases the same image, as one manifest does', () => {
    expect(image('node:latest').id).toBe(image('node:25').id);
    expect(image('node:25').id).toBe(image('node:25.2.1-bookworm').id);
    expect(image('node:22').id).not.toBe(image('node:22-slim').id);
    expect(image('debian').id).toBe(image('debian:trixie').id);
  });

  it('tells an unknown tag from an unknown repository, in the daemon words', () => {
    const tag = lookup('node:99');
    expect(tag.kind).toBe('unknown-tag');
    if (tag.kind !== 'unknown-tag') return;
    expect(daemonPullError(tag)).toBe(
      'Error response from daemon: manifest for node:99 not found: manifest unknown: manifest unknown',
    );
    expect(resolveSourceError(tag, 'docker.io/library/node:99')).toBe(
      'docker.io/library/node:99: not found',
    );
    expect(tag.knownTags[0]).toBe('latest');
    expect(tag.knownTags.slice(0, 6)).toEqual(['latest', '25', '24', '22', '20', '18']);
    const hint = catalogHint(tag, catalogRepositories());
    expect(hint).toMatch(
      /^dockyard: the simulated registry has no tag '99' for node; it has latest, /,
    );
    expect(hint).toMatch(/ and \d+ more$/);

    const repo = lookup('aaa');
    expect(repo.kind).toBe('unknown-repository');
    if (repo.kind !== 'unknown-repository') return;
    expect(daemonPullError(repo)).toBe(
      "Error response from daemon: pull access denied for aaa, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
    );
    expect(catalogHint(repo, ['alpine', 'node'])).toBe(
      "dockyard: the simulated registry has no repository 'aaa'; it has alpine, node",
    );
    expect(lookup('ghcr.io/library/node').kind).toBe('unknown-repository');
    const scratch = lookup('scratch');
    expect(scratch.kind).toBe('reserved');
    if (scratch.kind === 'reserved') {
      expect(daemonPullError(scratch)).toBe(
        "Error response from daemon: 'scratch' is a reserved name",
      );
    }
    expect(lookup('someone/node').kind).toBe('unknown-repository');
  });
});

describe('root filesystems', () => {
  it('uses the shell each distribution has', () => {
    expect(runs('debian', 'sh')).toBe('dash');
    expect(runs('ubuntu', 'sh')).toBe('dash');
    expect(runs('debian', 'bash')).toBe('bash');
    expect(runs('alpine', 'sh')).toBe('busybox');
    expect(runs('alpine', 'bash')).toBe('not-found');
    expect(runs('busybox', 'sh')).toBe('busybox');
    expect(runs('oraclelinux:9-slim', 'sh')).toBe('bash');
  });

  it('has the programs the real images have, and lacks the ones they lack', () => {
    expect(runs('debian', 'curl')).toBe('not-found');
    expect(runs('debian', 'ps')).toBe('not-found');
    expect(runs('debian:bookworm-slim', 'apt-get')).toBe('apt-get');
    expect(runs('alpine', 'wget')).toBe('busybox');
    expect(runs('alpine', 'apk')).toBe('apk');
    expect(runs('alpine', 'apt-get')).toBe('not-found');
    expect(runs('oraclelinux:9-slim', 'microdnf')).not.toBe('not-found');
    expect(runs('oraclelinux:9-slim', 'find')).toBe('not-found');
    expect(runs('buildpack-deps:bookworm', 'curl')).not.toBe('not-found');
    expect(runs('buildpack-deps:bookworm', 'git')).not.toBe('not-found');
    expect(runs('buildpack-deps:bookworm-curl', 'git')).toBe('not-found');
    expect(runs('node', 'node')).toBe('node');
    expect(runs('node', 'npm')).toBe('npm');
    expect(runs('node:22-slim', 'curl')).toBe('not-found');
    expect(runs('python', 'python')).toBe('python');
    expect(runs('python:3.13-slim', 'python3')).toBe('python');
    expect(runs('python:alpine', 'sh')).toBe('busybox');
    expect(runs('golang', 'go')).not.toBe('not-found');
    expect(runs('rust:slim', 'cargo')).not.toBe('not-found');
    expect(runs('eclipse-temurin:21', 'java')).not.toBe('not-found');
    expect(runs('eclipse-temurin:21-jre', 'javac')).toBe('not-found');
    expect(runs('ruby', 'gem')).not.toBe('not-found');
    expect(runs('php', 'php')).not.toBe('not-found');
    expect(runs('nginx', 'nginx')).toBe('nginx');
    expect(runs('mysql', 'mysqld')).toBe('mysqld');
    expect(runs('redis', 'redis-server')).toBe('redis-server');
    expect(runs('postgres', 'postgres')).toBe('postgres');
    expect(runs('postgres', 'psql')).not.toBe('not-found');
  });

  it('writes passwd, group and os-release', () => {
    const fs = (name: string) => imageFilesystem(image(name));
    expect(readFile(fs('debian:bookworm'), '/etc/os-release')).toContain(
      'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"',
    );
    expect(readFile(fs('debian'), '/etc/os-release')).toContain('VERSION_CODENAME=trixie');
    expect(readFile(fs('ubuntu'), '/etc/os-release')).toContain('PRETTY_NAME="Ubuntu 24.04.3 LTS"');
    expect(readFile(fs('alpine:3.24'), '/etc/alpine-release')).toBe('3.24.1\n');
    expect(readFile(fs('oraclelinux:9-slim'), '/etc/os-release')).toContain(
      'PRETTY_NAME="Oracle Linux Server 9.6"',
    );
    expect(readFile(fs('debian'), '/etc/passwd')).toMatch(/^root:x:0:0:root:\/root:\/bin\/bash\n/);
    expect(readFile(fs('node'), '/etc/passwd')).toContain(
      'node:x:1000:1000::/home/node:/bin/bash\n',
    );
    expect(readFile(fs('node'), '/etc/group')).toContain('node:x:1000:\n');
    expect(readFile(fs('node:alpine'), '/etc/passwd')).toContain(
      'node:x:1000:1000::/home/node:/bin/sh\n',
    );
    expect(readFile(fs('nginx'), '/etc/passwd')).toContain(
      'nginx:x:101:101:nginx user:/nonexistent:/bin/false\n',
    );
    expect(readFile(fs('mysql'), '/etc/passwd')).toContain(
      'mysql:x:999:999::/var/lib/mysql:/bin/bash',
    );
  });
});

describe('image configs', () => {
  it('matches the real server images', () => {
    const nginx = image('nginx').config;
    expect(nginx.StopSignal).toBe('SIGQUIT');
    expect(nginx.Entrypoint).toEqual(['/docker-entrypoint.sh']);
    expect(nginx.Cmd).toEqual(['nginx', '-g', 'daemon off;']);
    expect(nginx.ExposedPorts).toEqual({ '80/tcp': {} });
    expect(nginx.Labels).toEqual({
      maintainer: 'NGINX Docker Maintainers <docker-maint@nginx.com>',
    });

    const httpd = image('httpd').config;
    expect(httpd.StopSignal).toBe('SIGWINCH');
    expect(httpd.WorkingDir).toBe('/usr/local/apache2');
    expect(httpd.Env[0]).toBe(
      'PATH=/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    );

    const postgres = image('postgres').config;
    expect(postgres.StopSignal).toBe('SIGINT');
    expect(postgres.Volumes).toEqual({ '/var/lib/postgresql': {} });
    expect(postgres.Env).toContain('PGDATA=/var/lib/postgresql/18/docker');
    expect(postgres.Env[0]).toBe(
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/postgresql/18/bin',
    );
    expect(image('postgres:17').config.Volumes).toEqual({ '/var/lib/postgresql/data': {} });

    const mysql = image('mysql:8.4').config;
    expect(mysql.ExposedPorts).toEqual({ '3306/tcp': {}, '33060/tcp': {} });
    expect(mysql.Volumes).toEqual({ '/var/lib/mysql': {} });
    expect(mysql.Env).toContain('MYSQL_VERSION=8.4.7-1.el9');

    const redis = image('redis').config;
    expect(redis.WorkingDir).toBe('/data');
    expect(redis.Volumes).toEqual({ '/data': {} });
    expect(redis.ExposedPorts).toEqual({ '6379/tcp': {} });

    const mongo = image('mongo').config;
    expect(mongo.Volumes).toEqual({ '/data/db': {}, '/data/configdb': {} });
    expect(mongo.ExposedPorts).toEqual({ '27017/tcp': {} });
  });

  it('matches the real language images', () => {
    const golang = image('golang').config;
    expect(golang.WorkingDir).toBe('/go');
    expect(golang.Env[0]).toBe(
      'PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    );
    expect(golang.Env).toContain('GOPATH=/go');
    expect(image('rust').config.Env).toContain('CARGO_HOME=/usr/local/cargo');
    const temurin = image('eclipse-temurin:21').config;
    expect(temurin.Entrypoint).toEqual(['/__cacert_entrypoint.sh']);
    expect(temurin.Cmd).toEqual(['jshell']);
    expect(image('eclipse-temurin:21-jre').config.Cmd).toBeNull();
    expect(image('ruby').config.Cmd).toEqual(['irb']);
    expect(image('php').config.Cmd).toEqual(['php', '-a']);
    expect(image('php:apache').config.StopSignal).toBe('SIGWINCH');
    expect(image('php:fpm').config.ExposedPorts).toEqual({ '9000/tcp': {} });
    expect(image('python').config.Cmd).toEqual(['python3']);
    expect(image('ubuntu').config.Cmd).toEqual(['/bin/bash']);
    expect(image('debian').config.Cmd).toEqual(['bash']);
    expect(image('alpine').config.Cmd).toEqual(['/bin/sh']);
    expect(image('oraclelinux:9-slim').config.Cmd).toEqual(['/bin/bash']);
  });

  it('has the real images sizes, roughly', () => {
    const size = (name: string) => imageSize(image(name)) / MB;
    const near = (name: string, mb: number) => {
      expect(size(name), name).toBeGreaterThan(mb * 0.85);
      expect(size(name), name).toBeLessThan(mb * 1.15);
    };
    near('alpine', 8.5);
    near('busybox', 4.3);
    near('debian', 120);
    near('debian:bookworm-slim', 75);
    near('ubuntu', 78);
    near('node', 1_120);
    near('node:22-alpine', 135);
    near('nginx', 192);
    near('httpd', 148);
    near('redis', 137);
    near('postgres', 456);
    near('mysql:8.4', 785);
    near('python:3.14-slim', 125);
    near('golang', 830);
  });

  it('records the history lines BuildKit writes', () => {
    const history = image('nginx').history.map((entry) => entry.createdBy);
    expect(history).toContain('EXPOSE map[80/tcp:{}]');
    expect(history).toContain('STOPSIGNAL SIGQUIT');
    expect(history.at(-1)).toBe('CMD ["nginx" "-g" "daemon off;"]');
    expect(history).toContain('ENV NGINX_VERSION=1.29.3');
    expect(image('mysql').history.map((e) => e.createdBy)).toContain(
      'EXPOSE map[3306/tcp:{} 33060/tcp:{}]',
    );
  });
});
