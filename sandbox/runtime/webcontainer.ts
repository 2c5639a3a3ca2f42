import type { FileSystem } from '../fs/index.ts';
import { killedStatus } from '../shell/limits.ts';
import type {
  HttpHandler,
  HttpResponse,
  Listener,
  LiveServer,
  NetworkAccess,
  ProgramContext,
} from '../shell/program.ts';
import { RUNTIME_MESSAGES } from './messages.ts';
import { baseName, pid1Argv } from './pid1.ts';
import type { ContainerRuntime } from './runtimes.ts';

/**
 * The `webcontainer` runtime: a container's Node program run for real in a WebContainer
 * (StackBlitz's in-browser Node), behind the same process interface as the simulated programs.
 * The sandbox never loads `@webcontainer/api`: the page hands in a `WebContainerHost`, and these
 * interfaces are the part of that API the runtime uses, shaped so the real classes fit them.
 *
 * From the start, the simulated program runs beside the real one as a silent twin, so the page's
 * synchronous questions (`sandbox.fetch`, lesson goals, the views) keep their answers while the
 * WebContainer boots and installs; the twin's listeners carry the real server (`LiveServer`) once
 * it announces its port. Only the real process decides the exit status. Anything that stops the
 * real run before its command starts falls back to the simulated process, which takes the twin's
 * place, with one sentence saying why.
 */

/** A folder of files as `WebContainer.mount` takes it. */
export interface FileTree {
  [name: string]:
    { directory: FileTree } | { file: { contents: string } } | { file: { symlink: string } };
}

/** The part of a WebContainer's terminal output stream the runtime reads. */
export interface OutputStreamLike {
  getReader(): {
    read(): Promise<{ done: boolean; value?: string | undefined }>;
    cancel(reason?: unknown): Promise<void>;
  };
}

/** A process spawned in a WebContainer. */
export interface WebContainerProcessLike {
  /** Everything the process and its children write to their terminal. */
  output: OutputStreamLike;
  exit: Promise<number>;
  kill(): void;
}

export interface WebContainerSpawnOptions {
  /** Relative to the WebContainer's working folder. */
  cwd?: string;
  env?: Record<string, string>;
  /** False: no output is sent back. */
  output?: boolean;
}

/** A booted WebContainer. */
export interface WebContainerLike {
  /** The working folder, absolute (`/home/<workdirName>`); mount points and `cwd` are relative to it. */
  readonly workdir: string;
  /** The `PATH` its processes get by default. */
  readonly path: string;
  /** Its file system, relative to `workdir`; the runtime only creates folders. */
  readonly fs: { mkdir(path: string, options: { recursive: true }): Promise<unknown> };
  mount(tree: FileTree, options?: { mountPoint?: string }): Promise<void>;
  spawn(
    command: string,
    args: string[],
    options?: WebContainerSpawnOptions,
  ): Promise<WebContainerProcessLike>;
  on(event: 'server-ready', listener: (port: number, url: string) => void): () => void;
  on(
    event: 'port',
    listener: (port: number, type: 'open' | 'close', url: string) => void,
  ): () => void;
  on(event: 'error', listener: (error: { message: string }) => void): () => void;
}

/** What the page provides: whether it can run a WebContainer, and the one it booted. */
export interface WebContainerHost {
  /**
   * Why this page cannot run a WebContainer (not cross-origin isolated, no SharedArrayBuffer), or
   * undefined: a clause that starts a sentence (`This page is not cross-origin isolated`), which
   * the runtime ends with `, so this container runs in the simulation instead.`
   */
  unavailable(): string | undefined;
  /** Boots once per page; later calls get the same instance. */
  boot(): Promise<WebContainerLike>;
  /** How long a boot may take before the runtime gives up (boot() waits forever offline). */
  bootTimeoutMs: number;
  /**
   * How long one step of getting a container ready (its folder and files, starting a process)
   * may take before the runtime falls back; `STEP_TIMEOUT_MS` when unset. An install runs as
   * long as npm takes, and can be stopped.
   */
  stepTimeoutMs?: number;
  /** How long a request to a real server may take before curl is told the connection broke. */
  requestTimeoutMs?: number;
  /**
   * How long a container's new run waits for the processes of its previous run (killed by
   * `docker restart`, or left by the sandbox the page replaced) to end; `EXIT_TIMEOUT_MS` when
   * unset.
   */
  exitTimeoutMs?: number;
  /**
   * Told once per container that falls back, with the sentence that says why (the page shows it).
   * `container` is the container's short ID (12 hex digits), as `ContainerView.id` begins.
   */
  fellBack?(container: string, sentence: string): void;
}

/** Where the image's global npm packages live; `npm` and `corepack` come with Node itself. */
const GLOBAL_MODULES = '/usr/local/lib/node_modules';
const BUNDLED_WITH_NODE = new Set(['npm', 'corepack']);
/** Folders of an image's root that belong to its system, not to the program, when it runs in `/`. */
const SYSTEM_FOLDERS = new Set([
  'bin',
  'boot',
  'dev',
  'etc',
  'home',
  'lib',
  'lib64',
  'media',
  'mnt',
  'opt',
  'proc',
  'root',
  'run',
  'sbin',
  'srv',
  'sys',
  'tmp',
  'usr',
  'var',
]);
/** How long a request to the real server may take before curl is told the connection broke. */
const REQUEST_TIMEOUT_MS = 10_000;
/** How long a step of getting ready (mounting the files, starting a process) may take. */
export const STEP_TIMEOUT_MS = 60_000;
/** How long a new run waits for the killed processes of the previous run in its folder. */
export const EXIT_TIMEOUT_MS = 5_000;
/** How long output still on its way is awaited after the real process exits. */
const OUTPUT_GRACE_MS = 200;
/** Marks the line a request helper prints with the real server's answer. */
const ANSWER_MARK = 'DOCKYARD-ANSWER ';

/** A step that failed: the sentence to fall back with. */
class Fallback {
  constructor(
    readonly sentence: string,
    /** True when the boot ran out of time: the page cannot boot one, so later runs skip it. */
    readonly bootTimedOut = false,
  ) {}
}

/** The container's process was stopped while the runtime was still preparing it. */
class Stopped {
  /** Marks it apart from other values a step resolves to (an empty class matches any object). */
  readonly stopped = true;
}

/** Whether a preparation step ended the preparation: it fell back, or the container stopped. */
function halted(outcome: unknown): outcome is Fallback | Stopped {
  return outcome instanceof Fallback || outcome instanceof Stopped;
}

/** Hosts whose boot ran out of time: the page cannot boot one, so later runs fall back at once. */
const timedOutHosts = new WeakSet<WebContainerHost>();

/** Output that goes nowhere: the twin's. */
const SILENT = { stdout: () => {}, stderr: () => {}, stdin: '' };

/**
 * What the runs of one page share: the WebContainer has one network and one file system, and a
 * container that runs again (`docker restart`, a sandbox the page restored) uses the same folder.
 */
interface PageRuns {
  /**
   * Which run serves each port the WebContainer has open. A run, not a container: a restarted
   * container's new run must not answer for the port events of its old one.
   */
  portOwners: Map<number, RealRun>;
  /** Runs going on now, or getting ready to. */
  running: Set<RealRun>;
  /** By folder (`containers/<id>`): when the processes the last run there left have ended. */
  ended: Map<string, Promise<void>>;
}

/**
 * The `webcontainer` runtime for a page: a container's Node program runs for real there. The
 * page makes one and hands it to every sandbox it creates, since they share its WebContainer.
 */
export function webContainerRuntime(host: WebContainerHost): ContainerRuntime {
  const runs: PageRuns = { portOwners: new Map(), running: new Set(), ended: new Map() };
  const { portOwners, running } = runs;

  return async (context, simulated) => {
    const id = containerId(context);
    const fallBack = (sentence: string) => {
      context.io.stderr(`dockyard: ${sentence}\n`);
      host.fellBack?.(id, sentence);
      return simulated();
    };

    const reason = host.unavailable();
    if (reason !== undefined) return fallBack(RUNTIME_MESSAGES.unavailable(reason));
    const argv = pid1Argv(context.argv);
    const program = baseName(argv[0] ?? '');
    if (!isNodeProgram(context, program)) return fallBack(RUNTIME_MESSAGES.notNode(program));
    if (timedOutHosts.has(host)) return fallBack(RUNTIME_MESSAGES.bootTimedOutBefore);

    // The twin starts at once, so the page's questions have answers while the WebContainer boots
    // and installs; if the real run falls back, the simulated process takes its place.
    const net = context.net ? new TwinNetwork(context.net) : undefined;
    const twin = new AbortController();
    let twinEnded = false;
    const twinDone = simulated({ io: SILENT, signal: twin.signal, ...(net ? { net } : {}) })
      .catch(() => 0)
      .then((status) => {
        twinEnded = true;
        return status;
      });
    // Whether the twin had ended on its own before the stop signal came (it then never got it).
    let twinEndedBeforeStop = false;
    context.signal.addEventListener('abort', () => (twinEndedBeforeStop = twinEnded), {
      once: true,
    });
    const endTwin = async () => {
      twin.abort(context.signal.aborted ? context.signal.reason : 'SIGKILL');
      net?.release();
      return await twinDone;
    };
    /**
     * The status of a container stopped while it ran for real. The engine aborts only for a
     * signal PID 1 handles (or SIGKILL); the twin, the same program, gets the same signal and
     * ends as the real one does (http-server exits 0 on SIGTERM), so its status is the one.
     */
    const stoppedStatus = async () => {
      if (twinEndedBeforeStop || context.signal.reason === 'SIGKILL') {
        return killedStatus(context.signal);
      }
      return await endTwin();
    };

    const run = new RealRun(host, context, id, argv, net, runs);
    running.add(run);
    try {
      // `prepare` says how it ended as a value; a throw is a broken invariant, which falls back too.
      const prepared = await run
        .prepare()
        .catch(
          (error: unknown) =>
            new Fallback(RUNTIME_MESSAGES.failed(RUNTIME_MESSAGES.steps.boot, messageOf(error))),
        );
      if (prepared instanceof Stopped) return await stoppedStatus();
      if (prepared instanceof Fallback) {
        if (prepared.bootTimedOut) timedOutHosts.add(host);
        if (context.signal.aborted) return await stoppedStatus();
        running.delete(run);
        run.dispose();
        await endTwin();
        if (context.signal.aborted) return killedStatus(context.signal);
        return await fallBack(prepared.sentence);
      }
      const served = await run.serve(prepared);
      return served instanceof Stopped ? await stoppedStatus() : served;
    } finally {
      running.delete(run);
      for (const [port, owner] of portOwners) if (owner === run) portOwners.delete(port);
      run.dispose();
      await endTwin();
    }
  };
}

/** The container's short ID: its hostname, which the daemon writes to `/etc/hostname`. */
function containerId(context: ProgramContext): string {
  const entry = context.fs.get('/etc/hostname');
  const written = entry?.kind === 'file' ? entry.content.trim() : '';
  return written !== '' ? written : (context.env.HOSTNAME ?? '');
}

/** Milliseconds as the sentences give them: seconds, to one decimal. */
function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) {
    return String((error as { message: unknown }).message);
  }
  return String(error);
}

/**
 * Whether PID 1 is a Node program: `node`, `npm`, `npx`, or a program of an npm package the
 * image installed (globally, or in the working folder's `node_modules`).
 */
function isNodeProgram(context: ProgramContext, program: string): boolean {
  if (['node', 'nodejs', 'npm', 'npx'].includes(program)) return true;
  const local = context.fs.get(`${context.cwd.replace(/\/+$/, '')}/node_modules/.bin/${program}`);
  if (local) return true;
  return globalPackages(context.fs).some((pkg) => pkg.bins.includes(program));
}

interface GlobalPackage {
  name: string;
  version: string;
  bins: string[];
}

/** The image's global npm packages (`npm install -g`), from their `package.json` files. */
function globalPackages(fs: FileSystem): GlobalPackage[] {
  const found: GlobalPackage[] = [];
  const read = (name: string) => {
    const entry = fs.get(`${GLOBAL_MODULES}/${name}/package.json`);
    if (entry?.kind !== 'file') return;
    const manifest = parseJson(entry.content);
    if (!manifest || typeof manifest.version !== 'string') return;
    const bin = manifest.bin;
    const bins =
      typeof bin === 'string'
        ? [baseName(name)]
        : typeof bin === 'object' && bin !== null
          ? Object.keys(bin)
          : [];
    found.push({ name, version: manifest.version, bins });
  };
  for (const name of fs.list(GLOBAL_MODULES)) {
    if (BUNDLED_WITH_NODE.has(name) || name.startsWith('.')) continue;
    if (name.startsWith('@')) {
      for (const scoped of fs.list(`${GLOBAL_MODULES}/${name}`)) read(`${name}/${scoped}`);
    } else read(name);
  }
  return found;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A lockfile the simulated npm wrote: it names no package's source (`resolved`), which a real
 * `npm install` needs to trust it. One from the project, with its sources, is kept; one without
 * any is left out, and npm writes its own.
 */
function simulatedLockfile(text: string): boolean {
  const packages = parseJson(text)?.packages;
  if (typeof packages !== 'object' || packages === null) return false;
  return Object.values(packages).every(
    (value) => typeof value !== 'object' || value === null || !('resolved' in value),
  );
}

/** The files under `dir` as a tree to mount, without `node_modules` (installed for real instead). */
function fileTree(fs: FileSystem, dir: string): FileTree {
  const tree: FileTree = {};
  for (const name of fs.list(dir)) {
    if (name === 'node_modules') continue;
    if (dir === '/' && SYSTEM_FOLDERS.has(name)) continue;
    const path = dir === '/' ? `/${name}` : `${dir}/${name}`;
    const entry = fs.get(path);
    if (!entry) continue;
    if (entry.kind === 'dir') tree[name] = { directory: fileTree(fs, path) };
    else if (entry.kind === 'symlink') tree[name] = { file: { symlink: entry.target } };
    else if (name === 'package-lock.json' && simulatedLockfile(entry.content)) continue;
    else tree[name] = { file: { contents: entry.content } };
  }
  return tree;
}

/** What `prepare` leaves ready: the container's command, started in the WebContainer. */
interface Prepared {
  process: WebContainerProcessLike;
}

/** One container's run in a WebContainer, from boot to teardown. */
class RealRun {
  /** Processes this run started; all are killed when it ends. */
  private readonly processes = new Set<WebContainerProcessLike>();
  private readonly unsubscribe: Array<() => void> = [];
  /** `containers/<id>`: the container's working folder, relative to the WebContainer's. */
  private readonly folder: string;
  /**
   * Writes a real process's output to the container's log. A WebContainer runs every process on
   * a terminal; a container without `-t` has none, so its programs print no colours or cursor
   * movements there, and they are left out.
   */
  private readonly log = (text: string) =>
    this.context.io.stdout(this.context.io.tty ? text : withoutEscapes(text));

  constructor(
    private readonly host: WebContainerHost,
    private readonly context: ProgramContext,
    private readonly id: string,
    private readonly argv: string[],
    /** The twin's network, which lends the twin's listeners the real server's ports. */
    private readonly net: TwinNetwork | undefined,
    /** What the page's runs share. */
    private readonly runs: PageRuns,
  ) {
    this.folder = `containers/${id}`;
  }

  /**
   * Boots, mounts, installs and starts the command; `Fallback` when a step fails, `Stopped` when
   * the container is stopped meanwhile.
   */
  async prepare(): Promise<Prepared | Fallback | Stopped> {
    const { context } = this;
    const wc = await this.boot();
    if (halted(wc)) return wc;
    const previous = await this.previousEnded();
    if (previous) return previous;
    const cwd = context.cwd.replace(/\/+$/, '') || '/';

    const mounted = await this.step(RUNTIME_MESSAGES.steps.mount, async () => {
      await wc.fs.mkdir(this.folder, { recursive: true });
      await wc.mount(fileTree(context.fs, cwd), { mountPoint: this.folder });
    });
    if (halted(mounted)) return mounted;
    const globals = globalPackages(context.fs);
    const globalPrefix = `globals/${this.id}`;
    const paths = [
      `${wc.workdir}/${globalPrefix}/node_modules/.bin`,
      `${wc.workdir}/${this.folder}/node_modules/.bin`,
      wc.path,
    ];
    // The container's environment, but with the WebContainer's own PATH and home.
    const { HOME: _home, ...containerEnv } = context.env;
    const env: Record<string, string> = { ...containerEnv, PATH: paths.join(':') };

    if (globals.length > 0) {
      const installed = await this.install(wc, env, [
        'install',
        '--no-progress',
        '--prefix',
        globalPrefix,
        ...globals.map((pkg) => `${pkg.name}@${pkg.version}`),
      ]);
      if (installed) return installed;
    }
    if (context.fs.get(`${cwd === '/' ? '' : cwd}/package.json`)?.kind === 'file') {
      const installed = await this.install(wc, env, ['install', '--no-progress'], this.folder);
      if (installed) return installed;
    }

    const [command, ...args] = this.argv;
    const program = baseName(command ?? '');
    const inContainer = (arg: string) =>
      cwd !== '/' && (arg === cwd || arg.startsWith(`${cwd}/`))
        ? `${wc.workdir}/${this.folder}${arg.slice(cwd.length)}`
        : arg;
    // Listening before the command starts, so that no announced port is missed.
    this.listenForPorts(wc);
    const process = await this.step(
      RUNTIME_MESSAGES.steps.spawn,
      () =>
        wc.spawn(program === 'nodejs' ? 'node' : program, args.map(inContainer), {
          cwd: this.folder,
          env,
        }),
      (late) => late.kill(),
    );
    if (halted(process)) return process;
    this.processes.add(process);
    return { process };
  }

  /** Lends the ports the real server opens to the twin's listeners (or to stand-ins). */
  private listenForPorts(wc: WebContainerLike): void {
    const { context, net } = this;
    const { portOwners, running } = this.runs;
    const claim = (port: number, url: string) => {
      const owner = portOwners.get(port);
      if (owner !== undefined && owner !== this) return;
      // The WebContainer has one network: a port goes to the container whose twin listens there,
      // or, when this container is the only one running for real, to this one.
      if (!net?.listens(port) && running.size > 1) return;
      portOwners.set(port, this);
      net?.attach(port, this.liveServer(wc, port, url));
    };
    this.unsubscribe.push(
      wc.on('server-ready', (port, url) => claim(port, url)),
      wc.on('port', (port, type, url) => {
        if (type === 'open') claim(port, url);
        else if (portOwners.get(port) === this) {
          portOwners.delete(port);
          net?.detach(port);
        }
      }),
      wc.on('error', (error) =>
        context.io.stderr(`dockyard: ${RUNTIME_MESSAGES.reported(error.message)}\n`),
      ),
    );
  }

  /**
   * Waits until the processes the container's previous run left in this folder have ended (its
   * server closing its port late would otherwise take this run's port away), for
   * `exitTimeoutMs` at most; `Stopped` when the container is stopped meanwhile.
   */
  private async previousEnded(): Promise<Stopped | undefined> {
    const { context, host, runs, folder } = this;
    const previous = runs.ended.get(folder);
    if (!previous) return undefined;
    const timer = new AbortController();
    try {
      const outcome = await Promise.race([
        previous.then(() => 'ended' as const),
        (context.delay ?? realDelay)(host.exitTimeoutMs ?? EXIT_TIMEOUT_MS, timer.signal).then(
          () => 'waited' as const,
        ),
        aborted(context.signal).then(() => 'stopped' as const),
      ]);
      if (outcome === 'stopped') return new Stopped();
      if (runs.ended.get(folder) === previous) runs.ended.delete(folder);
      return undefined;
    } finally {
      timer.abort();
    }
  }

  /** The WebContainer, or `Fallback` when it fails to boot or takes longer than allowed. */
  private async boot(): Promise<WebContainerLike | Fallback | Stopped> {
    const { context, host } = this;
    const timer = new AbortController();
    const timedOut = (context.delay ?? realDelay)(host.bootTimeoutMs, timer.signal).then(
      () => 'timeout' as const,
    );
    try {
      const booted = await Promise.race([
        Promise.resolve()
          .then(() => host.boot())
          .catch(
            (error: unknown) =>
              new Fallback(RUNTIME_MESSAGES.failed(RUNTIME_MESSAGES.steps.boot, messageOf(error))),
          ),
        timedOut,
        aborted(context.signal).then(() => 'stopped' as const),
      ]);
      if (booted === 'stopped') return new Stopped();
      if (booted === 'timeout') {
        return new Fallback(RUNTIME_MESSAGES.bootTimeout(seconds(host.bootTimeoutMs)), true);
      }
      return booted;
    } finally {
      timer.abort();
    }
  }

  /**
   * Runs one preparation step, raced against the container's stop (`Stopped`) and the step's
   * time limit; a failure or a step that takes too long falls back with the step's name and
   * why. `late` gets what a step that was given up on still produces (a process to kill).
   */
  private async step<T>(
    name: string,
    work: () => Promise<T>,
    late?: (value: T) => void,
  ): Promise<T | Fallback | Stopped> {
    const { context, host } = this;
    if (context.signal.aborted) return new Stopped();
    const limit = host.stepTimeoutMs ?? STEP_TIMEOUT_MS;
    const timer = new AbortController();
    let given = false;
    const working = Promise.resolve()
      .then(work)
      .then(
        (value) => {
          if (given) late?.(value);
          return { value };
        },
        (error: unknown) => ({ error }),
      );
    try {
      const outcome = await Promise.race([
        working,
        (context.delay ?? realDelay)(limit, timer.signal).then(() => 'timeout' as const),
        aborted(context.signal).then(() => 'stopped' as const),
      ]);
      if (outcome === 'stopped') return new Stopped();
      if (outcome === 'timeout') {
        return new Fallback(
          RUNTIME_MESSAGES.failed(name, RUNTIME_MESSAGES.noAnswer(seconds(limit))),
        );
      }
      if ('error' in outcome) {
        return new Fallback(RUNTIME_MESSAGES.failed(name, messageOf(outcome.error)));
      }
      return outcome.value;
    } finally {
      given = true;
      timer.abort();
    }
  }

  /** `npm ARGS` with its output in the container's log; undefined when it succeeded. */
  private async install(
    wc: WebContainerLike,
    env: Record<string, string>,
    args: string[],
    cwd?: string,
  ): Promise<Fallback | Stopped | undefined> {
    const step = RUNTIME_MESSAGES.steps.install;
    const process = await this.step(
      step,
      () => wc.spawn('npm', args, cwd === undefined ? { env } : { cwd, env }),
      (late) => late.kill(),
    );
    if (halted(process)) return process;
    this.processes.add(process);
    const pump = pipe(process.output, this.log);
    const status = await Promise.race([
      process.exit.catch(() => 1),
      aborted(this.context.signal).then(() => undefined),
    ]);
    this.processes.delete(process);
    if (status === undefined) {
      process.kill();
      return new Stopped();
    }
    await pump.settled(this.context, OUTPUT_GRACE_MS);
    if (status !== 0) {
      return new Fallback(RUNTIME_MESSAGES.failed(step, RUNTIME_MESSAGES.npmStatus(args, status)));
    }
    return undefined;
  }

  /**
   * Streams the real process's output into the log; resolves to its status, or `Stopped` when
   * the container was stopped (the process is killed).
   */
  async serve({ process }: Prepared): Promise<number | Stopped> {
    const { context } = this;
    const pump = pipe(process.output, this.log);
    const status = await Promise.race([
      process.exit.catch(() => 1),
      aborted(context.signal).then(() => undefined),
    ]);
    if (status === undefined) {
      process.kill();
      pump.cancel();
      return new Stopped();
    }
    await pump.settled(context, OUTPUT_GRACE_MS);
    return status;
  }

  /** The real server on `port`, asked from inside the WebContainer by a small Node program. */
  private liveServer(wc: WebContainerLike, port: number, url: string): LiveServer {
    return {
      url,
      request: async (request, signal) => {
        const { context, host } = this;
        if (context.signal.aborted || signal?.aborted) return undefined;
        // Starting the helper counts against the request's time limit too.
        const timer = new AbortController();
        const given = Promise.race([
          (context.delay ?? realDelay)(host.requestTimeoutMs ?? REQUEST_TIMEOUT_MS, timer.signal),
          aborted(context.signal),
          ...(signal ? [aborted(signal)] : []),
        ]).then(() => 'given up' as const);
        try {
          const spawning = wc
            .spawn('node', ['-e', REQUEST_SCRIPT, String(port), JSON.stringify(request)])
            .catch(() => undefined);
          const process = await Promise.race([spawning, given]);
          if (process === 'given up') {
            void spawning.then((late) => late?.kill());
            return undefined;
          }
          if (!process) return undefined;
          this.processes.add(process);
          let output = '';
          const pump = pipe(process.output, (text) => (output += text));
          const ended = await Promise.race([
            process.exit.then(
              () => true,
              () => true,
            ),
            given.then(() => false),
          ]);
          this.processes.delete(process);
          if (!ended) {
            process.kill();
            pump.cancel();
            return undefined;
          }
          await pump.settled(context, OUTPUT_GRACE_MS);
          return answerOf(output);
        } finally {
          timer.abort();
        }
      },
    };
  }

  /**
   * Kills every process this run started and stops listening for the WebContainer's events; the
   * next run in this folder waits for those processes to end.
   */
  dispose(): void {
    const exits = [...this.processes].map((process) => {
      process.kill();
      return process.exit.then(
        () => undefined,
        () => undefined,
      );
    });
    this.processes.clear();
    if (exits.length > 0) {
      const { ended } = this.runs;
      const all: Promise<void> = Promise.all(exits).then(() => {
        // Nothing is left to wait for once they have ended.
        if (ended.get(this.folder) === all) ended.delete(this.folder);
      });
      ended.set(this.folder, all);
    }
    for (const unsubscribe of this.unsubscribe.splice(0)) unsubscribe();
  }
}

/**
 * Asks `http://127.0.0.1:PORT` what the request in argv asks and prints the answer as one
 * marked JSON line (or an `error` line when nothing answered).
 */
const REQUEST_SCRIPT = `const http = require('http');
const port = Number(process.argv[1]);
const request = JSON.parse(process.argv[2]);
const headers = request.headers;
const out = (value) => process.stdout.write('\\n${ANSWER_MARK}' + JSON.stringify(value) + '\\n');
const req = http.request({ host: '127.0.0.1', port, path: request.url, method: request.method, headers }, (res) => {
  const chunks = [];
  res.on('data', (chunk) => chunks.push(chunk));
  res.on('end', () => {
    const raw = res.rawHeaders;
    const pairs = [];
    for (let i = 0; i < raw.length; i += 2) pairs.push([raw[i], raw[i + 1]]);
    out({ status: res.statusCode, statusText: res.statusMessage, headers: pairs, body: Buffer.concat(chunks).toString('utf8') });
  });
});
req.on('error', (error) => out({ error: error.message }));
req.end();
`;

/** The real server's answer from the request helper's output, or undefined when it had none. */
function answerOf(output: string): HttpResponse | undefined {
  const line = output
    .split(/\r?\n/)
    .reverse()
    .find((text) => text.startsWith(ANSWER_MARK));
  const answer = line === undefined ? undefined : parseJson(line.slice(ANSWER_MARK.length));
  if (!answer || typeof answer.status !== 'number') return undefined;
  const headers = Array.isArray(answer.headers)
    ? answer.headers.filter(
        (pair): pair is [string, string] =>
          Array.isArray(pair) && typeof pair[0] === 'string' && typeof pair[1] === 'string',
      )
    : [];
  return {
    status: answer.status,
    statusText: typeof answer.statusText === 'string' ? answer.statusText : '',
    headers,
    body: typeof answer.body === 'string' ? answer.body : '',
  };
}

/**
 * The twin's network: the container's own, except that a port the real server announced
 * carries it (`LiveServer`), and that the runtime stands in on such a port when the twin does not
 * listen there, so requests reach the real server either way.
 */
class TwinNetwork implements NetworkAccess {
  /** The twin's own listeners, by port. */
  private readonly twin = new Map<
    number,
    { host: string; handler: HttpHandler; listener: Listener }
  >();
  /** Live servers by port, and the runtime's own stand-in listeners. */
  private readonly live = new Map<number, LiveServer>();
  private readonly standIns = new Map<number, Listener>();

  constructor(private readonly inner: NetworkAccess) {}

  get addresses(): string[] {
    return this.inner.addresses;
  }

  listens(port: number): boolean {
    return this.twin.has(port);
  }

  listen(
    port: number,
    host: string,
    handler: HttpHandler,
    live?: LiveServer,
  ): Listener | 'EADDRINUSE' {
    if (this.twin.has(port)) return 'EADDRINUSE';
    const standIn = this.standIns.get(port);
    standIn?.close();
    this.standIns.delete(port);
    const carried = live ?? this.live.get(port);
    const listener = this.inner.listen(port, host, handler, carried);
    if (listener !== 'EADDRINUSE' && (carried || standIn)) this.changed();
    if (listener === 'EADDRINUSE') return listener;
    const own = { host, handler, listener };
    this.twin.set(port, own);
    return {
      close: () => {
        if (this.twin.get(port) !== own) return;
        own.listener.close();
        this.twin.delete(port);
      },
    };
  }

  changed(): void {
    this.inner.changed?.();
  }

  /** The real server answers on `port` now; whoever shows the listeners is told. */
  attach(port: number, live: LiveServer): void {
    this.live.set(port, live);
    this.relisten(port, live);
    this.changed();
  }

  /** The real server no longer listens on `port`; whoever shows the listeners is told. */
  detach(port: number): void {
    if (!this.live.has(port)) return;
    this.live.delete(port);
    this.standIns.get(port)?.close();
    this.standIns.delete(port);
    this.relisten(port, undefined);
    this.changed();
  }

  /** Closes the runtime's stand-ins (the twin closes its own listeners as it ends). */
  release(): void {
    for (const listener of this.standIns.values()) listener.close();
    this.standIns.clear();
    this.live.clear();
  }

  private relisten(port: number, live: LiveServer | undefined): void {
    const own = this.twin.get(port);
    if (own) {
      own.listener.close();
      const again = this.inner.listen(port, own.host, own.handler, live);
      if (again !== 'EADDRINUSE') own.listener = again;
      return;
    }
    if (!live) return;
    this.standIns.get(port)?.close();
    const standIn = this.inner.listen(port, '0.0.0.0', () => standInAnswer(live.url), live);
    if (standIn !== 'EADDRINUSE') this.standIns.set(port, standIn);
  }
}

/** What a synchronous question gets on a port only the real server serves. */
function standInAnswer(url: string): HttpResponse {
  const body = `${RUNTIME_MESSAGES.realOnly(url)}\n`;
  return {
    status: 200,
    statusText: 'OK',
    headers: [
      ['Content-Type', 'text/plain; charset=utf-8'],
      ['Content-Length', String(new TextEncoder().encode(body).length)],
    ],
    body,
  };
}

/** Text without terminal escape sequences (colours, cursor movement, titles). */
function withoutEscapes(text: string): string {
  // CSI (`ESC [ ... m`), OSC (`ESC ] ... BEL`), and the two-character escapes.
  return text.replace(
    /\u001b(?:\[[0-9;?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-_])/g,
    '',
  );
}

/** Resolves when `signal` aborts (at once when it has). */
function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** A wait on the real clock, for a context without the sandbox's `delay`. */
function realDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

interface Pump {
  /** Waits until the stream has ended, or `graceMs` at most; then stops reading. */
  settled(context: ProgramContext, graceMs: number): Promise<void>;
  cancel(): void;
}

/** Reads a terminal output stream into `write`, with `\r\n` line ends made `\n`. */
function pipe(stream: OutputStreamLike, write: (text: string) => void): Pump {
  const reader = stream.getReader();
  let held = '';
  let cancelled = false;
  let finished = false;
  const emit = (text: string) => {
    const joined = held + text;
    held = joined.endsWith('\r') ? '\r' : '';
    const ready = held ? joined.slice(0, -1) : joined;
    if (ready !== '') write(ready.replace(/\r\n/g, '\n'));
  };
  const done = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || cancelled) break;
        if (value !== undefined) emit(value);
      }
    } catch {
      // A stream that errors has nothing more to give.
    }
    if (held !== '') write(held);
    held = '';
    finished = true;
  })();
  const cancel = () => {
    if (cancelled) return;
    cancelled = true;
    reader.cancel().catch(() => undefined);
  };
  return {
    settled: async (context, graceMs) => {
      // Output still in transit arrives within a task or two; a stream that stays open is let go.
      await Promise.race([done, Promise.resolve()]);
      if (finished) return;
      const timer = new AbortController();
      await Promise.race([done, (context.delay ?? realDelay)(graceMs, timer.signal)]);
      timer.abort();
      cancel();
    },
    cancel,
  };
}
