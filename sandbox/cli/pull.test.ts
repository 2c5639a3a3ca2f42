/**
 * The pull's progress as Docker's client draws it (moby's jsonmessage): one line per layer,
 * redrawn in place on a terminal, and only the lines without a progress figure in a pipe; and
 * the other command that waits on a terminal, `docker logs -f`, ending on Ctrl+C.
 */
import { describe, expect, it } from 'vitest';
import { catalogImage } from '../image/catalog.ts';
import { parseReference, type Reference } from '../image/reference.ts';
import { Engine } from '../runtime/engine.ts';
import { fakeEnvironment } from '../testing.ts';
import { docker } from './docker.ts';
import { createHostFs, PROJECT } from './host.ts';

function setup(tty: boolean, columns = 120) {
  const environment = fakeEnvironment();
  const host = createHostFs({}, environment.now());
  const engine = new Engine(host, environment);
  const chunks: Array<{ stream: 'out' | 'err'; text: string }> = [];
  const run = (line: string) =>
    docker(line.split(' '), {
      engine,
      host,
      cwd: PROJECT,
      environment,
      terminal: {
        out: (text) => chunks.push({ stream: 'out', text }),
        err: (text) => chunks.push({ stream: 'err', text }),
        tty,
        columns,
      },
    });
  const text = (stream: 'out' | 'err') =>
    chunks
      .filter((chunk) => chunk.stream === stream)
      .map((chunk) => chunk.text)
      .join('');
  return { environment, engine, run, chunks, text };
}

/**
 * The lines a terminal shows after `text`: `\n` starts the next line (the tty adds the carriage
 * return), `\r` returns to its start, `ESC[nA`/`ESC[nB` move up and down, `ESC[2K` clears.
 */
function draw(text: string): string[] {
  const lines: string[] = [''];
  let row = 0;
  let col = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const escape = /^\x1b\[(\d*)([ABK])/.exec(text.slice(i));
    if (escape) {
      const n = Number(escape[1] || 1);
      if (escape[2] === 'A') row = Math.max(0, row - n);
      else if (escape[2] === 'B') row += n;
      else lines[row] = '';
      while (lines.length <= row) lines.push('');
      i += escape[0].length - 1;
    } else if (c === '\n') {
      row++;
      col = 0;
      while (lines.length <= row) lines.push('');
    } else if (c === '\r') col = 0;
    else {
      const current = lines[row]!.padEnd(col);
      lines[row] = current.slice(0, col) + c + current.slice(col + 1);
      col++;
    }
  }
  while (lines.at(-1) === '') lines.pop();
  return lines;
}

const ref = parseReference('node:latest') as Reference;
const node = catalogImage(ref)!;
const layerIds = [...new Set(node.layers.map((layer) => layer.digest.slice(7, 19)))];

describe('docker pull without a terminal', () => {
  it('prints each layer step on its own line, leaving out the progress figures', async () => {
    const { run, text } = setup(false);
    expect(await run('pull node')).toBe(0);
    const lines = text('out').split('\n');
    expect(lines[0]).toBe('Using default tag: latest');
    expect(lines[1]).toBe('latest: Pulling from library/node');
    expect(lines.slice(2, 2 + layerIds.length)).toEqual(
      layerIds.map((id) => `${id}: Pulling fs layer`),
    );
    expect(text('out')).not.toContain('Downloading');
    expect(text('out')).not.toContain('Extracting');
    for (const id of layerIds) {
      const done = lines.indexOf(`${id}: Download complete`);
      expect(lines[done - 1]).toBe(`${id}: Verifying Checksum`);
      expect(lines.indexOf(`${id}: Pull complete`)).toBeGreaterThan(done);
    }
    if (layerIds.length > 3) expect(lines).toContain(`${layerIds[3]}: Waiting`);
    expect(lines.slice(-4)).toEqual([
      `Digest: ${node.repoDigest!.slice(node.repoDigest!.indexOf('@') + 1)}`,
      'Status: Downloaded newer image for node:latest',
      'docker.io/library/node:latest',
      '',
    ]);
  });

  it('says the image is up to date on a second pull', async () => {
    const { run, text } = setup(false);
    await run('pull node:latest');
    const before = text('out').length;
    expect(await run('pull node:latest')).toBe(0);
    expect(text('out').slice(before)).toMatch(
      /^latest: Pulling from library\/node\nDigest: sha256:[0-9a-f]{64}\nStatus: Image is up to date for node:latest\ndocker.io\/library\/node:latest\n$/,
    );
  });

  it('says "Already exists" for layers another local image has', async () => {
    const { run, text } = setup(false);
    await run('pull -q node:latest');
    const before = text('out').length;
    await run('pull node:22');
    const lines = text('out').slice(before).split('\n');
    const other = catalogImage(parseReference('node:22') as Reference)!;
    const shared = other.layers.filter((layer) =>
      node.layers.some((l) => l.digest === layer.digest),
    );
    expect(shared.length).toBeGreaterThan(0);
    for (const layer of shared)
      expect(lines).toContain(`${layer.digest.slice(7, 19)}: Already exists`);
    for (const layer of shared) {
      expect(lines).not.toContain(`${layer.digest.slice(7, 19)}: Pulling fs layer`);
    }
  });

  it('prints only the reference with -q', async () => {
    const { run, text } = setup(false);
    expect(await run('pull -q node')).toBe(0);
    expect(text('out')).toBe('docker.io/library/node:latest\n');
  });

  it("refuses a name with capitals in the client's words", async () => {
    const { run, text } = setup(false);
    expect(await run('pull Aaa')).toBe(1);
    expect(text('err')).toBe(
      'invalid reference format: repository name (library/Aaa) must be lowercase\n',
    );
  });

  it('passes on the registry refusal for a repository it lacks', async () => {
    const { run, text } = setup(false);
    expect(await run('pull nosuchthing')).toBe(1);
    expect(text('err').split('\n')[0]).toBe(
      "Error response from daemon: pull access denied for nosuchthing, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
    );
  });
});

describe('docker pull on a terminal', () => {
  it('gives each layer a line and redraws it in place with cursor movement', async () => {
    const { run, text, environment } = setup(true);
    const start = environment.now();
    expect(await run('pull node:latest')).toBe(0);
    const out = text('out');
    const first = layerIds[0]!;
    // The first layer line: a new line, up one, clear it, write, back down one.
    expect(out).toContain(`\n\x1b[1A\x1b[2K\r${first}: Pulling fs layer \r\x1b[1B`);
    // A later update of the first layer climbs over every layer line below it.
    expect(out).toContain(`\x1b[${layerIds.length}A\x1b[2K\r${first}: Pull complete \r`);
    expect(out).toMatch(
      new RegExp(`${first}: Downloading \\[=*>\\s*\\]\\s+\\d[\\d.]*[kM]?B/\\d[\\d.]*[kM]?B\\r`),
    );
    expect(out).toMatch(new RegExp(`${first}: Extracting \\[=*>\\s*\\]`));
    expect(
      out.endsWith(
        'Status: Downloaded newer image for node:latest\ndocker.io/library/node:latest\n',
      ),
    ).toBe(true);
    // Paced on the simulated clock, so the page shows it moving.
    expect(environment.now() - start).toBeGreaterThanOrEqual(1000);
  });

  it('leaves a finished screen of one line per layer, as a terminal draws the redraws', async () => {
    const { run, text } = setup(true);
    await run('pull node:latest');
    const screen = draw(text('out'));
    const expected = [
      'latest: Pulling from library/node',
      ...layerIds.map((id) => `${id}: Pull complete `),
      `Digest: ${node.repoDigest!.slice(node.repoDigest!.indexOf('@') + 1)}`,
      'Status: Downloaded newer image for node:latest',
      'docker.io/library/node:latest',
    ];
    expect(screen).toEqual(expected);
  });

  it('leaves the bar out on a terminal 110 columns wide or less, as the client does', async () => {
    const { run, text } = setup(true, 100);
    await run('pull node:latest');
    expect(text('out')).toMatch(/Downloading\s+\d[\d.]*[kM]?B\/\d/);
    expect(text('out')).not.toContain('[=');
  });

  it('draws the same pull on standard error for docker run, after "Unable to find image"', async () => {
    const { run, text } = setup(true);
    await run('create node:latest');
    expect(
      text('err').startsWith(
        "Unable to find image 'node:latest' locally\nlatest: Pulling from library/node\n",
      ),
    ).toBe(true);
    expect(text('err')).toContain('Status: Downloaded newer image for node:latest\n');
    expect(text('err')).not.toContain('docker.io/library/node:latest');
  });
});

describe('docker logs -f', () => {
  it('follows a running container until Ctrl+C, then ends with status 0', async () => {
    const environment = fakeEnvironment();
    const host = createHostFs({}, environment.now());
    const engine = new Engine(host, environment);
    let out = '';
    const terminal = (signal?: AbortSignal) => ({
      out: (text: string) => (out += text),
      err: (text: string) => (out += text),
      tty: false,
      columns: 80,
      signal,
    });
    const context = (signal?: AbortSignal) => ({
      engine,
      host,
      cwd: PROJECT,
      environment,
      terminal: terminal(signal),
    });
    await docker(['pull', '-q', 'alpine'], context());
    const run = ['run', '-d', '--name', 'ticker', 'alpine', 'sh', '-c', 'echo up; sleep 3600'];
    expect(await docker(run, context())).toBe(0);
    out = '';
    const controller = new AbortController();
    let done = false;
    const following = docker(['logs', '-f', 'ticker'], context(controller.signal)).then(
      (status) => {
        done = true;
        return status;
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(done).toBe(false);
    expect(out).toBe('up\n');
    controller.abort();
    expect(await following).toBe(0);
  });
});
