/**
 * What the course tells a learner about goals and quiz answers, in English: each unmet goal is
 * one sentence saying what is missing, pointing at the state where it shows. Code spans in
 * backticks are rendered as code by the page.
 */
export const en = {
  list: (items: string[]) => items.join(', '),
  nothing: 'nothing',

  noImage: (v: { ref: string; images: string[] }) =>
    v.images.length === 0
      ? `no image is tagged \`${v.ref}\`; \`docker images\` lists none yet`
      : `no image is tagged \`${v.ref}\`; \`docker images\` lists ${v.images.map((i) => `\`${i}\``).join(', ')}`,
  noStartCommand: (v: { ref: string }) =>
    `\`${v.ref}\` has no CMD or ENTRYPOINT, so its containers start nothing`,
  startsOther: (v: { ref: string; command: string; program: string }) =>
    `\`${v.ref}\` starts \`${v.command}\`, not \`${v.program}\``,
  workdirOther: (v: { ref: string; actual: string; path: string }) =>
    v.actual === ''
      ? `\`${v.ref}\` sets no WORKDIR (its containers start in \`/\`), not \`${v.path}\``
      : `\`${v.ref}\` works in \`${v.actual}\`, not \`${v.path}\``,
  fileMissing: (v: { ref: string; path: string }) => `\`${v.ref}\` has no file \`${v.path}\``,
  fileLacksText: (v: { ref: string; path: string; text: string }) =>
    `\`${v.path}\` in \`${v.ref}\` does not contain “${v.text}”`,
  portNotExposed: (v: { ref: string; port: string; exposed: string[] }) =>
    v.exposed.length === 0
      ? `\`${v.ref}\` exposes no port, not ${v.port}`
      : `\`${v.ref}\` exposes ${v.exposed.join(', ')}, not ${v.port}`,
  volumeNotDeclared: (v: { ref: string; path: string; volumes: string[] }) =>
    v.volumes.length === 0
      ? `\`${v.ref}\` declares no VOLUME, so nothing at \`${v.path}\``
      : `\`${v.ref}\` declares volumes at ${v.volumes.map((p) => `\`${p}\``).join(', ')}, not \`${v.path}\``,
  fewLayers: (v: { ref: string; base: string; added: number; atLeast: number }) =>
    `\`${v.ref}\` adds ${v.added} ${v.added === 1 ? 'layer' : 'layers'} on top of \`${v.base}\`, fewer than ${v.atLeast}`,
  otherBase: (v: { ref: string; base: string }) =>
    `\`${v.ref}\` is not built on \`${v.base}\`: its first layers are not that image's`,
  noContainerRunning: (v: { what: string; running: string[] }) =>
    v.running.length === 0
      ? `no container ${v.what}is running; \`docker ps\` shows none`
      : `no container ${v.what}is running; \`docker ps\` shows ${v.running.map((n) => `\`${n}\``).join(', ')}`,
  ofImage: (image: string) => `of \`${image}\` `,
  named: (name: string) => `named \`${name}\` `,
  namedOfImage: (name: string, image: string) => `named \`${name}\` of \`${image}\` `,
  containerNotRunning: (v: { name: string; status: string }) =>
    `the container \`${v.name}\` is not running; \`docker ps -a\` shows it as “${v.status}”`,
  portNotPublished: (v: { hostPort: number; containerPort: number; running: string[] }) =>
    v.running.length === 0
      ? `no container publishes port ${v.containerPort} on host port ${v.hostPort}; \`docker ps\` shows no running container`
      : `no container publishes port ${v.containerPort} on host port ${v.hostPort}; \`docker ps\` shows ${v.running.join(', ')}`,
  withPorts: (name: string, ports: string[]) =>
    ports.length === 0
      ? `\`${name}\` with no published ports`
      : `\`${name}\` with ${ports.join(', ')}`,
  pageUnreachable: (v: { url: string; message: string }) =>
    `nothing answers at ${v.url}: ${v.message}`,
  pageStatus: (v: { url: string; status: string }) => `${v.url} answers “${v.status}”, not 200 OK`,
  pageLacksText: (v: { url: string; text: string }) =>
    `the page at ${v.url} does not show “${v.text}”`,
  noBindMount: (v: { target: string; mounts: string[] }) =>
    v.mounts.length === 0
      ? `no running container has a bind mount at \`${v.target}\`; no running container mounts anything`
      : `no running container has a bind mount at \`${v.target}\`; running containers mount ${v.mounts.join(', ')}`,
  bindFromElsewhere: (v: { target: string; source: string; endsWith: string }) =>
    `the bind mount at \`${v.target}\` comes from \`${v.source}\`, not a folder ending in \`${v.endsWith}\``,
  noAnonymousVolume: (v: { path: string }) =>
    `no anonymous volume exists yet; run an image that declares \`VOLUME ${v.path}\` without \`-v\``,
  volumeStillUsed: (v: { volume: string; users: string[] }) =>
    `the anonymous volume \`${v.volume}\` is still used by ${v.users.map((n) => `\`${n}\``).join(', ')}; remove the container with \`docker rm\``,
  volumeEmpty: (v: { volume: string }) => `the anonymous volume \`${v.volume}\` holds no files`,
  noNamedContainer: (v: { name: string; names: string[] }) =>
    v.names.length === 0
      ? `no container is named \`${v.name}\`; \`docker ps -a\` shows none`
      : `no container is named \`${v.name}\`; \`docker ps -a\` shows ${v.names.map((n) => `\`${n}\``).join(', ')}`,
  noGeneratedName: (v: { names: string[] }) =>
    v.names.length === 0
      ? 'no container exists yet; `docker ps -a` shows none'
      : `every container has a name given with \`--name\` (${v.names.map((n) => `\`${n}\``).join(', ')}); run one without it`,

  factNoPublished: (v: { containerPort: number }) =>
    `no running container publishes port ${v.containerPort} yet`,
  factNoImage: (v: { ref: string }) => `there is no image \`${v.ref}\` yet`,
  factNoContainer: (v: { image: string }) => `there is no container of \`${v.image}\` yet`,
  factNoVolume: 'there is no anonymous volume yet',
};

export type CourseMessages = typeof en;
