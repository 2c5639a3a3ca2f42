/**
 * Goal checks: each reads the sandbox's public state (never the typed command line) and says
 * whether the goal is met, or in one sentence what is missing and where it shows.
 */
import type { ContainerView, FetchResult, ImageView, Sandbox, SandboxState } from '../api.ts';
import type { GoalCheckName } from './catalog.ts';
import { messagesFor, type Language } from './messages.ts';
import type { CourseMessages } from './messages-en.ts';

export type ArgumentValues = Record<string, string | number>;

export interface Goal {
  check: GoalCheckName;
  with: ArgumentValues;
  /** The goal in the lesson's words. */
  text: string;
}

export type GoalResult = { met: true } | { met: false; reason: string };

/** The parts of a sandbox that checks read. */
export type CheckedSandbox = Pick<Sandbox, 'state' | 'fetch' | 'readImageFile'>;

/** `aaa` and `docker.io/library/aaa:latest` both name `aaa:latest`. */
export function normalizeRef(ref: string): string {
  const bare = ref.trim().replace(/^docker\.io\/(library\/)?/, '');
  if (bare.includes('@')) return bare;
  const lastSegment = bare.slice(bare.lastIndexOf('/') + 1);

  return lastSegment.includes(':') ? bare : `${bare}:latest`;
}

export function findImage(state: SandboxState, ref: string): ImageView | undefined {
  const wanted = normalizeRef(ref);

  return state.images.find((image) => image.tags.some((tag) => normalizeRef(tag) === wanted));
}

export function portNumber(value: string | number | undefined): number {
  return Number.parseInt(String(value ?? ''), 10);
}

function portKey(value: string | number | undefined): string {
  const text = String(value ?? '');

  return text.includes('/') ? text : `${text}/tcp`;
}

function tagList(state: SandboxState): string[] {
  return state.images.flatMap((image) => image.tags);
}

function running(state: SandboxState): ContainerView[] {
  return state.containers.filter((container) => container.state === 'running');
}

function containerOf(container: ContainerView, image: string): boolean {
  return normalizeRef(container.image) === normalizeRef(image);
}

/** `0.0.0.0:8888->8080/tcp`, once per binding whatever the host addresses. */
function portList(container: ContainerView): string[] {
  const seen = new Set<string>();
  for (const port of container.ports) {
    seen.add(`${port.hostPort}->${port.containerPort}/${port.protocol}`);
  }

  return [...seen].map((binding) => `0.0.0.0:${binding}`);
}

const wrappers = new Set(['sh', 'bash', 'ash', 'dash']);

/** The program a start command runs: through an entrypoint script that execs its arguments, and through `sh -c`. */
export function startedProgram(argv: readonly string[]): string | undefined {
  let words = [...argv];
  const base = (word: string | undefined) => (word ?? '').slice((word ?? '').lastIndexOf('/') + 1);
  if (base(words[0]).endsWith('entrypoint.sh') && words.length > 1) words = words.slice(1);
  if (wrappers.has(base(words[0])) && words[1] === '-c' && words[2] !== undefined) {
    words = words[2].trim().split(/\s+/);
    if (words[0] === 'exec') words = words.slice(1);
  }

  return words[0] === undefined ? undefined : base(words[0]);
}

function firstHeading(html: string): string {
  const heading = /<h1\b[^>]*>([\s\S]*?)<\/h1>/i.exec(html);
  const text = heading ? heading[1]!.replace(/<[^>]*>/g, '') : html;

  return text.replace(/\s+/g, ' ').trim();
}

function imageMissing(m: CourseMessages, state: SandboxState, ref: string): GoalResult {
  return { met: false, reason: m.noImage({ ref, images: tagList(state) }) };
}

const met: GoalResult = { met: true };

/**
 * Checks goals against one sandbox. It remembers the page it last fetched for `page-contains`
 * until the running containers or the files change, so checking after every change does not
 * fill a container's log with requests.
 */
export class GoalChecker {
  private pageCache = new Map<string, FetchResult>();

  constructor(private readonly sandbox: CheckedSandbox) {}

  check(goal: Goal, language: Language): GoalResult {
    const m = messagesFor(language);
    const state = this.sandbox.state();
    const args = goal.with;
    const ref = String(args.ref ?? '');

    switch (goal.check) {
      case 'image-exists':
        return findImage(state, ref) ? met : imageMissing(m, state, ref);

      case 'image-runs': {
        const image = findImage(state, ref);
        if (!image) return imageMissing(m, state, ref);
        const argv = [...(image.config.entrypoint ?? []), ...(image.config.cmd ?? [])];
        if (argv.length === 0) return { met: false, reason: m.noStartCommand({ ref }) };
        const program = String(args.program);

        return startedProgram(argv) === program
          ? met
          : { met: false, reason: m.startsOther({ ref, command: argv.join(' '), program }) };
      }

      case 'image-workdir': {
        const image = findImage(state, ref);
        if (!image) return imageMissing(m, state, ref);
        const path = String(args.path);
        const actual = image.config.workingDir;
        const trim = (value: string) => (value.length > 1 ? value.replace(/\/+$/, '') : value);

        return trim(actual) === trim(path)
          ? met
          : { met: false, reason: m.workdirOther({ ref, actual, path }) };
      }

      case 'image-has-file': {
        if (!findImage(state, ref)) return imageMissing(m, state, ref);
        const path = String(args.path);
        const content = this.sandbox.readImageFile(ref, path);
        if (content === undefined) return { met: false, reason: m.fileMissing({ ref, path }) };
        const text = args.contains === undefined ? undefined : String(args.contains);

        return text === undefined || content.includes(text)
          ? met
          : { met: false, reason: m.fileLacksText({ ref, path, text }) };
      }

      case 'image-exposes': {
        const image = findImage(state, ref);
        if (!image) return imageMissing(m, state, ref);
        const port = portKey(args.port);

        return image.exposedPorts.includes(port)
          ? met
          : { met: false, reason: m.portNotExposed({ ref, port, exposed: image.exposedPorts }) };
      }

      case 'image-declares-volume': {
        const image = findImage(state, ref);
        if (!image) return imageMissing(m, state, ref);
        const path = String(args.path);

        return image.volumes.includes(path)
          ? met
          : { met: false, reason: m.volumeNotDeclared({ ref, path, volumes: image.volumes }) };
      }

      case 'image-layers-added': {
        const image = findImage(state, ref);
        if (!image) return imageMissing(m, state, ref);
        const base = String(args.base);
        const baseImage = findImage(state, base);
        if (
          baseImage &&
          baseImage.layers.some((layer, index) => image.layers[index]?.digest !== layer.digest)
        ) {
          return { met: false, reason: m.otherBase({ ref, base }) };
        }
        const added = image.layers.filter((layer) => !layer.inherited).length;
        const atLeast = Number(args.atLeast);

        return added >= atLeast
          ? met
          : { met: false, reason: m.fewLayers({ ref, base, added, atLeast }) };
      }

      case 'container-running': {
        const image = args.image === undefined ? undefined : String(args.image);
        const name = args.name === undefined ? undefined : String(args.name);
        const matches = (container: ContainerView) =>
          (image === undefined || containerOf(container, image)) &&
          (name === undefined || container.name === name);
        if (running(state).some(matches)) return met;
        const stopped = state.containers.find(matches);
        if (stopped && name !== undefined) {
          return { met: false, reason: m.containerNotRunning({ name, status: stopped.status }) };
        }
        const what =
          name !== undefined && image !== undefined
            ? m.namedOfImage(name, image)
            : name !== undefined
              ? m.named(name)
              : image !== undefined
                ? m.ofImage(image)
                : '';

        return {
          met: false,
          reason: m.noContainerRunning({ what, running: running(state).map((c) => c.name) }),
        };
      }

      case 'port-published': {
        const hostPort = portNumber(args.hostPort);
        const containerPort = portNumber(args.containerPort);
        const publishes = (container: ContainerView) =>
          container.ports.some(
            (port) => port.hostPort === hostPort && port.containerPort === containerPort,
          );
        if (running(state).some(publishes)) return met;

        return {
          met: false,
          reason: m.portNotPublished({
            hostPort,
            containerPort,
            running: running(state).map((c) => m.withPorts(c.name, portList(c))),
          }),
        };
      }

      case 'page-contains': {
        const port = portNumber(args.port);
        const url = `http://localhost:${port}`;
        const file = args.file === undefined ? undefined : String(args.file);
        const wanted =
          args.text !== undefined
            ? String(args.text)
            : file !== undefined
              ? firstHeading(state.files[file] ?? '')
              : '';
        const page = this.page(state, `${url}/`);
        if (!page.ok)
          return { met: false, reason: m.pageUnreachable({ url, message: page.message }) };
        if (page.status !== 200) {
          const status = `${page.status} ${page.statusText}`.trim();
          return { met: false, reason: m.pageStatus({ url, status }) };
        }

        return page.body.includes(wanted)
          ? met
          : { met: false, reason: m.pageLacksText({ url, text: wanted }) };
      }

      case 'bind-mount': {
        const target = String(args.target).replace(/(.)\/+$/, '$1');
        const endsWith =
          args.sourceEndsWith === undefined ? undefined : String(args.sourceEndsWith);
        const binds = running(state).flatMap((container) =>
          container.mounts
            .filter((mount) => mount.type === 'bind')
            .map((mount) => ({ container: container.name, mount })),
        );
        const atTarget = binds.filter(({ mount }) => mount.destination === target);
        if (atTarget.some(({ mount }) => !endsWith || mount.source.endsWith(endsWith))) return met;
        const first = atTarget[0];
        if (first && endsWith) {
          return {
            met: false,
            reason: m.bindFromElsewhere({ target, source: first.mount.source, endsWith }),
          };
        }
        const mounts = running(state).flatMap((container) =>
          container.mounts.map(
            (mount) =>
              `\`${container.name}\`: \`${mount.type === 'volume' ? (mount.name ?? mount.source).slice(0, 12) : mount.source}\` → \`${mount.destination}\``,
          ),
        );

        return { met: false, reason: m.noBindMount({ target, mounts }) };
      }

      case 'anonymous-volume-kept': {
        const anonymous = state.volumes.filter((volume) => volume.anonymous);
        if (anonymous.length === 0) {
          return { met: false, reason: m.noAnonymousVolume({ path: String(args.path) }) };
        }
        if (anonymous.some((volume) => volume.usedBy.length === 0 && volume.files.length > 0)) {
          return met;
        }
        const used = anonymous.find((volume) => volume.usedBy.length > 0);
        if (used) {
          return {
            met: false,
            reason: m.volumeStillUsed({ volume: used.name.slice(0, 12), users: used.usedBy }),
          };
        }

        return { met: false, reason: m.volumeEmpty({ volume: anonymous[0]!.name.slice(0, 12) }) };
      }

      case 'named-container': {
        const name = String(args.name);
        const names = state.containers.map((container) => container.name);

        return names.includes(name)
          ? met
          : { met: false, reason: m.noNamedContainer({ name, names }) };
      }

      case 'generated-name': {
        const names = state.containers.map((container) => container.name);

        return names.some(isGeneratedName)
          ? met
          : { met: false, reason: m.noGeneratedName({ names }) };
      }
    }
  }

  checkAll(goals: readonly Goal[], language: Language): GoalResult[] {
    return goals.map((goal) => this.check(goal, language));
  }

  private page(state: SandboxState, url: string): FetchResult {
    const key = JSON.stringify([
      url,
      running(state).map((container) => [container.id, container.ports, container.mounts]),
      state.files,
    ]);
    const cached = this.pageCache.get(key);
    if (cached) return cached;
    const result = this.sandbox.fetch(url, { quiet: true });
    // Only a page that answered is kept: a server still starting answers on the next check.
    this.pageCache.clear();
    if (result.ok) this.pageCache.set(key, result);

    return result;
  }
}

/** Docker's made-up names: `adjective_surname`. */
export function isGeneratedName(name: string): boolean {
  return /^[a-z]+_[a-z]+$/.test(name);
}
