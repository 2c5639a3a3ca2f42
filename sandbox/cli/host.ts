import { MemoryFs, mkdirp, writeFile, type FileSystem } from '../fs/index.ts';
import { LayerBuilder } from '../image/rootfs.ts';
import { applyChanges } from '../fs/ops.ts';
import { RESET, type HostNetwork, type HttpResult } from '../net/host-network.ts';
import type { ProgramContext } from '../shell/program.ts';
import { killedStatus } from '../shell/limits.ts';

/**
 * The learner's own machine, as the terminal sees it: a home folder with the project (the build
 * context the editor shows) and a Desktop folder with a page of its own, the usual programs, and
 * the host-only commands `docker`, `curl`, `clear` and `help`.
 */

export const HOME = '/home/learner';
export const PROJECT = `${HOME}/project`;
export const DESKTOP = `${HOME}/Desktop`;

export const HOST_PATH = '/usr/local/bin:/usr/bin:/bin';

const DESKTOP_PAGE = `<!DOCTYPE html>
<html>
  <head>
    <meta charset="utf-8">
    <title>From the Desktop</title>
  </head>
  <body>
    <h1>Served from ~/Desktop</h1>
    <p>This page lives in a folder on the host. A bind mount put it where the image had /app.</p>
  </body>
</html>
`;

/** Programs that exist on the host but not in images: the engine answers them. */
export const HOST_COMMANDS = ['docker', 'curl', 'clear', 'help'] as const;

/** Builds the host filesystem with the project's files in `~/project`. */
export function createHostFs(files: Record<string, string>, now: number): MemoryFs {
  const fs = new MemoryFs();
  const system = new LayerBuilder();
  for (const name of ['ls', 'cat', 'cp', 'mv', 'rm', 'mkdir', 'touch', 'echo', 'pwd', 'printf']) {
    system.program(`/usr/bin/${name}`);
  }
  for (const name of [
    'grep',
    'head',
    'tail',
    'wc',
    'env',
    'whoami',
    'uname',
    'sleep',
    'ln',
    'true',
    'false',
  ]) {
    system.program(`/usr/bin/${name}`);
  }
  for (const name of ['test', '[', 'which', 'chmod', 'id', 'hostname', 'printenv'])
    system.program(`/usr/bin/${name}`);
  for (const name of HOST_COMMANDS) system.program(`/usr/local/bin/${name}`, name);
  system.program('/usr/bin/bash').program('/usr/bin/dash').link('/bin', 'usr/bin');
  system.file(
    '/etc/passwd',
    'root:x:0:0:root:/root:/bin/bash\nlearner:x:1000:1000:Learner:/home/learner:/bin/bash\n',
  );
  system.file('/etc/group', 'root:x:0:\nlearner:x:1000:\n');
  system.file('/etc/hostname', 'dockyard\n');
  system.dir('/tmp', 0o1777);
  applyChanges(fs, system.changes);
  mkdirp(fs, PROJECT, { uid: 1000, gid: 1000, mtime: now });
  mkdirp(fs, DESKTOP, { uid: 1000, gid: 1000, mtime: now });
  fs.set(HOME, { ...fs.get(HOME)!, uid: 1000, gid: 1000 });
  writeFile(fs, `${DESKTOP}/index.html`, DESKTOP_PAGE, { mtime: now, uid: 1000, gid: 1000 });
  for (const [path, content] of Object.entries(files)) writeProjectFile(fs, path, content, now);
  return fs;
}

export function writeProjectFile(fs: FileSystem, path: string, content: string, now: number): void {
  writeFile(fs, `${PROJECT}/${path.replace(/^\/+/, '')}`, content, {
    mtime: now,
    uid: 1000,
    gid: 1000,
  });
}

export const HELP_TEXT = `Dockyard terminal: a simulated host with a simulated Docker engine.

  docker build -t NAME:TAG .      build the Dockerfile in this folder
  docker images                   list images
  docker run -d -p 8888:8080 IMG  run a container, publishing container port 8080 on host port 8888
  docker ps [-a]                  list containers
  docker logs NAME                show a container's output
  docker inspect NAME             show a container, image or volume as JSON
  docker volume ls                list volumes
  curl localhost:8888             request a page from the host
  ls, cd, pwd, cat, echo, clear   work on the host's files (~/project, ~/Desktop)

Run 'docker --help' or 'docker COMMAND --help' for more.`;

/**
 * `curl [-s] [-i] [-I] URL`: requests from the host, printed the way curl prints them. A port
 * served by a real program (`--runtime=webcontainer`) gets that program's answer.
 */
export async function curl(context: ProgramContext, network: HostNetwork): Promise<number> {
  const args = context.argv.slice(1);
  let silent = false;
  let showError = false;
  let include = false;
  let head = false;
  let url: string | undefined;
  for (const arg of args) {
    if (arg.startsWith('--')) {
      if (arg === '--silent') silent = true;
      else if (arg === '--include') include = true;
      else if (arg === '--head') head = true;
      else if (arg === '--show-error') showError = true;
      else {
        context.io.stderr(
          `curl: option ${arg}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n`,
        );
        return 2;
      }
    } else if (arg.startsWith('-') && arg.length > 1) {
      for (const letter of arg.slice(1)) {
        if (letter === 's') silent = true;
        else if (letter === 'S') showError = true;
        else if (letter === 'i') include = true;
        else if (letter === 'I') head = true;
        else if (letter === 'L' || letter === 'f') continue;
        else {
          context.io.stderr(
            `curl: option -${letter}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n`,
          );
          return 2;
        }
      }
    } else url = arg;
  }
  if (url === undefined) {
    context.io.stderr(
      "curl: no URL specified\ncurl: try 'curl --help' or 'curl --manual' for more information\n",
    );
    return 2;
  }
  const result = await answer(network.request(url), context.signal);
  // Ctrl+C while a real server was being asked: curl ends as any program the signal ends.
  if (context.signal.aborted) return killedStatus(context.signal);
  if (!result.ok) {
    if (!silent || showError) context.io.stderr(`curl: (${result.code}) ${result.message}\n`);
    return result.code;
  }
  const { response } = result;
  // Status 0: the server speaks another protocol (MySQL, Redis, PostgreSQL), as curl 8 reports.
  if (response.status === 0) {
    const [code, message] =
      response.body === ''
        ? [52, 'Empty reply from server']
        : [1, 'Received HTTP/0.9 when not allowed'];
    if (!silent || showError) context.io.stderr(`curl: (${code}) ${message}\n`);
    return code;
  }
  if (include || head) {
    const headers = response.headers.map(([name, value]) => `${name}: ${value}\r\n`).join('');
    context.io.stdout(`HTTP/1.1 ${response.status} ${response.statusText}\r\n${headers}\r\n`);
  }
  if (!head) context.io.stdout(response.body);
  return 0;
}

/** The real server's answer when one stands behind the listener; the simulated one otherwise. */
async function answer(result: HttpResult, signal: AbortSignal): Promise<HttpResult> {
  if (!result.ok || !result.live) return result;
  const response = await result.live.request(result.request, signal).catch(() => undefined);
  return response ? { ...result, response } : RESET;
}
