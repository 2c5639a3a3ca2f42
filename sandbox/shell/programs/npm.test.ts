import { describe, expect, it } from 'vitest';
import { readFile } from '../../fs/ops.ts';
import { resolveCommand } from '../resolve.ts';
import { testMachine } from '../testing.ts';

// Expected texts follow npm 10.9 and 11 as run with `npm install -g --prefix $(mktemp -d)`.
describe('npm config', () => {
  it('writes key=value lines to ~/.npmrc and reads them back', async () => {
    const machine = testMachine();
    await machine.sh(
      'npm config set registry https://registry.npmmirror.com/ && npm config set fund false && npm config get registry && npm config get foo',
    );
    expect(readFile(machine.fs, '/root/.npmrc')).toBe(
      'registry=https://registry.npmmirror.com/\nfund=false\n',
    );
    expect(machine.stdout).toBe('https://registry.npmmirror.com/\nundefined\n');
  });

  it('prints the version of the npm in the image', async () => {
    const machine = testMachine();
    machine.fs.set('/usr/local/lib', { kind: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 0 });
    await machine.sh(
      'mkdir -p /usr/local/lib/node_modules/npm && echo \'{"name":"npm","version":"11.6.2"}\' > /usr/local/lib/node_modules/npm/package.json && npm -v',
    );
    expect(machine.stdout).toBe('11.6.2\n');
  });
});

describe('npm install -g', () => {
  it('installs http-server into the global prefix and links its bin onto PATH', async () => {
    const machine = testMachine();
    expect(await machine.sh('npm install -g http-server')).toBe(0);
    expect(machine.stdout).toBe(
      '\nadded 51 packages in 0ms\n\n15 packages are looking for funding\n  run `npm fund` for details\n',
    );
    const link = machine.fs.get('/usr/local/bin/http-server');
    expect(link).toMatchObject({
      kind: 'symlink',
      target: '../lib/node_modules/http-server/bin/http-server',
    });
    expect(readFile(machine.fs, '/usr/local/lib/node_modules/http-server/package.json')).toContain(
      '"version": "14.1.1"',
    );
    const found = resolveCommand(machine.fs, 'http-server', machine.env, '/');
    expect(found).toMatchObject({
      kind: 'program',
      name: 'http-server',
      path: '/usr/local/bin/http-server',
    });
  });

  it('leaves out the funding lines when fund is off', async () => {
    const machine = testMachine();
    await machine.sh('npm config set fund false; npm i -g http-server@14');
    expect(machine.stdout).toBe('\nadded 51 packages in 0ms\n');
  });

  it('fails with a 404 from the configured registry for an unknown package', async () => {
    const machine = testMachine();
    const status = await machine.sh(
      'npm config set registry https://registry.npmmirror.com/; npm install -g nope-pkg',
    );
    expect(status).toBe(1);
    expect(machine.stderr).toBe(
      [
        'npm error code E404',
        'npm error 404 Not Found - GET https://registry.npmmirror.com/nope-pkg - [NOT_FOUND] nope-pkg not found',
        'npm error 404',
        "npm error 404  'nope-pkg@*' is not in this registry.",
        'npm error 404',
        'npm error 404 Note that you can also install from a',
        'npm error 404 tarball, folder, http url, or git url.',
        'npm error A complete log of this run can be found in: /root/.npm/_logs/2026-12-04T16_22_11_000Z-debug-0.log',
        '',
      ].join('\n'),
    );
  });

  it('uses npm 11 wording when the image has npm 11', async () => {
    const machine = testMachine();
    await machine.sh(
      'mkdir -p /usr/local/lib/node_modules/npm && echo \'{"version":"11.6.2"}\' > /usr/local/lib/node_modules/npm/package.json && npm i -g nope-pkg',
    );
    expect(machine.stderr).toContain(
      "npm error 404  The requested resource 'nope-pkg@*' could not be found or you do not have permission to access it.\n",
    );
  });

  it('reports a version the catalog does not have as ETARGET', async () => {
    const machine = testMachine();
    await machine.sh('npm install -g http-server@99');
    expect(machine.stderr).toMatch(
      /^npm error code ETARGET\nnpm error notarget No matching version found for http-server@99\./,
    );
  });
});

describe('npm install in a project', () => {
  it('installs catalog dependencies into node_modules and says which it cannot fetch', async () => {
    const machine = testMachine();
    machine.cwd = '/tmp';
    await machine.sh(
      `echo '{"name":"site","version":"1.0.0","dependencies":{"http-server":"^14.1.0","express":"^4.18.2"}}' > package.json && npm install`,
    );
    expect(machine.stdout).toBe(
      '\nadded 51 packages, and audited 52 packages in 0ms\n\n15 packages are looking for funding\n  run `npm fund` for details\n\nfound 0 vulnerabilities\n',
    );
    expect(machine.stderr).toBe(
      "dockyard: npm cannot fetch express@^4.18.2: there is no network here, and Dockyard's package catalog only has http-server; it was skipped\n",
    );
    expect(machine.fs.get('/tmp/node_modules/.bin/http-server')).toMatchObject({ kind: 'symlink' });
    expect(machine.fs.get('/tmp/package-lock.json')?.kind).toBe('file');
  });

  it('fails without a package.json the way npm does', async () => {
    const machine = testMachine();
    machine.cwd = '/tmp';
    expect(await machine.sh('npm install')).toBe(254);
    expect(machine.stderr).toMatch(
      /^npm error code ENOENT\nnpm error syscall open\nnpm error path \/tmp\/package.json\n/,
    );
  });

  it('runs package scripts with npm start and npm run', async () => {
    const machine = testMachine();
    machine.cwd = '/tmp';
    await machine.sh(
      `echo '{"name":"demo","version":"1.0.0","scripts":{"start":"echo hi $npm_package_name"}}' > package.json && npm start && npm run nope`,
    );
    expect(machine.stdout).toBe('\n> demo@1.0.0 start\n> echo hi $npm_package_name\n\nhi demo\n');
    expect(machine.stderr).toMatch(
      /^npm error Missing script: "nope"\nnpm error\nnpm error To see a list of scripts, run:\nnpm error {3}npm run\n/,
    );
  });
});
