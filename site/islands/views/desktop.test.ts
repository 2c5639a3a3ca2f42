/** The Run dialog's command line: options before the image, words quoted for the shell. */
import { describe, expect, it } from 'vitest';
import { runCommand, shellWord, type RunSettings } from './desktop.ts';

function settings(overrides: Partial<RunSettings> = {}): RunSettings {
  return {
    image: 'aaa:ccc',
    name: '',
    ports: { '8080/tcp': '' },
    source: '',
    target: '',
    env: '',
    detach: true,
    runForReal: false,
    ...overrides,
  };
}

describe('runCommand', () => {
  it('runs the image alone when nothing is set', () => {
    expect(runCommand(settings())).toBe('docker run -d aaa:ccc');
    expect(runCommand(settings({ detach: false }))).toBe('docker run aaa:ccc');
  });

  it('asks for the webcontainer runtime when the container is to run for real', () => {
    expect(runCommand(settings({ runForReal: true }))).toBe(
      'docker run -d --runtime=webcontainer aaa:ccc',
    );
    expect(
      runCommand(settings({ runForReal: true, detach: false, ports: { '8080/tcp': '8888' } })),
    ).toBe('docker run --runtime=webcontainer -p 8888:8080 aaa:ccc');
  });

  it('publishes each exposed port given a host port, udp with its protocol', () => {
    expect(
      runCommand(settings({ ports: { '8080/tcp': '8888', '53/udp': '5353', '9000/tcp': '' } })),
    ).toBe('docker run -d -p 8888:8080 -p 5353:53/udp aaa:ccc');
  });

  it('mounts a host folder or a named volume, or makes an anonymous volume with the path alone', () => {
    expect(runCommand(settings({ source: '~/Desktop', target: '/app' }))).toBe(
      'docker run -d -v ~/Desktop:/app aaa:ccc',
    );
    expect(runCommand(settings({ source: 'data', target: '/var/lib/mysql' }))).toBe(
      'docker run -d -v data:/var/lib/mysql aaa:ccc',
    );
    expect(runCommand(settings({ target: '/app' }))).toBe('docker run -d -v /app aaa:ccc');
  });

  it('quotes names and environment values the shell would split', () => {
    expect(runCommand(settings({ name: 'web', env: 'GREETING=hello world\n\nMODE=prod\n' }))).toBe(
      "docker run -d --name web -e 'GREETING=hello world' -e MODE=prod aaa:ccc",
    );
    expect(shellWord("it's")).toBe(`'it'\\''s'`);
  });
});
