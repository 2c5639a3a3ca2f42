/**
 * What `docker pull`, `docker run` and `docker build` print for an image the registry does not
 * have, through the whole sandbox: Docker's words, then the simulation's own hint.
 */
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../index.ts';
import { fakeEnvironment, runLine } from '../testing.ts';

function sandboxWith(files: Record<string, string> = {}) {
  return createSandbox({ files, environment: fakeEnvironment() });
}

describe('images the registry does not have', () => {
  it('docker pull of an unknown tag: manifest unknown, then the tags there are', async () => {
    const { status, output } = await runLine(sandboxWith(), 'docker pull node:99');
    expect(status).toBe(1);
    const lines = output.split('\n');
    expect(lines[0]).toBe(
      'Error response from daemon: manifest for node:99 not found: manifest unknown: manifest unknown',
    );
    expect(lines[1]).toMatch(
      /^dockyard: the simulated registry has no tag '99' for node; it has latest, 25, 24, 22, 20, /,
    );
  });

  it('docker run of an unknown tag: not found locally, the daemon refusal, the help hint', async () => {
    const { status, output } = await runLine(sandboxWith(), 'docker run node:99');
    expect(status).toBe(125);
    expect(output).toMatch(
      /^Unable to find image 'node:99' locally\ndocker: Error response from daemon: manifest for node:99 not found: manifest unknown: manifest unknown\ndockyard: the simulated registry has no tag '99' for node; [^\n]*\n\nRun 'docker run --help' for more information\n$/,
    );
  });

  it('docker pull of an unknown repository: pull access denied', async () => {
    const { status, output } = await runLine(sandboxWith(), 'docker pull aaa');
    expect(status).toBe(1);
    expect(output).toContain(
      "Error response from daemon: pull access denied for aaa, repository does not exist or may require 'docker login': denied: requested access to the resource is denied\ndockyard: the simulated registry has no repository 'aaa'; it has alpine, ",
    );
  });

  it('docker build FROM an unknown tag: BuildKit not found', async () => {
    const sandbox = sandboxWith({ Dockerfile: 'FROM node:99\nRUN echo hi\n' });
    const { status, output } = await runLine(sandbox, 'docker build --progress=plain .');
    expect(status).toBe(1);
    expect(output).toContain(
      '#2 [internal] load metadata for docker.io/library/node:99\n#2 ERROR: docker.io/library/node:99: not found\n',
    );
    expect(output).toContain(
      'ERROR: failed to build: failed to solve: node:99: failed to resolve source metadata for docker.io/library/node:99: docker.io/library/node:99: not found\n',
    );
    expect(output).toContain(
      "Dockyard (not Docker output): the simulated registry has no tag '99' for node; it has latest, 25, ",
    );
  });

  it('builds FROM each base of the official images, and buildpack-deps has gpg, curl, git and gcc as the real one does', async () => {
    const gpg = sandboxWith({
      Dockerfile: 'FROM buildpack-deps:bookworm\nRUN which gpg curl git gcc make\n',
    });
    const checked = await runLine(gpg, 'docker build -q .');
    expect(checked.status, checked.output).toBe(0);
    for (const base of [
      'debian:trixie-slim',
      'oraclelinux:9-slim',
      'buildpack-deps:bookworm',
      'alpine:3.24',
    ]) {
      const sandbox = sandboxWith({ Dockerfile: `FROM ${base}\nRUN echo ok > /ok\n` });
      const { status, output } = await runLine(sandbox, 'docker build -q .');
      expect(status, `${base}: ${output}`).toBe(0);
    }
  });
});
