/**
 * `docker pull`, and the pull `docker run` and `docker create` do for an image the store lacks:
 * the daemon's per-layer messages (`Pulling fs layer`, `Waiting`, `Downloading`, `Verifying
 * Checksum`, `Download complete`, `Extracting`, `Pull complete`), drawn as the client's
 * jsonmessage code draws them. On a terminal each layer keeps its own line, redrawn in place
 * with cursor movement, and the download paces itself through the environment's clock; without
 * a terminal the lines with a progress figure are left out and the rest print at once.
 */
import { catalogRepositories, lookupCatalog } from '../image/catalog.ts';
import type { Image } from '../image/image.ts';
import { catalogHint, daemonPullError } from '../image/messages.ts';
import { familiarName, fullName, type Reference } from '../image/reference.ts';
import { humanSizePrecise } from '../runtime/format.ts';
import type { CliContext } from './docker.ts';
import { PULL_MESSAGES } from './messages.ts';

/** Docker's default `max-concurrent-downloads`; the other layers wait. */
const CONCURRENT_DOWNLOADS = 3;
/** Simulated time between two redraws. */
const TICK_MS = 100;
/**
 * A whole pull takes about this long on the simulated clock, whatever its size, so a learner sees
 * it move without waiting on a real download.
 */
const PULL_MS = 3000;
/** Redraws an extraction takes, so each layer's bar is seen to fill. */
const EXTRACT_TICKS = 4;
/** Registry blobs are gzip'd tarballs; a layer downloads as about this share of its size. */
const COMPRESSION = 0.38;

/** One line of the daemon's pull stream. */
interface Message {
  id?: string;
  status: string;
  /** `current/total` bytes, for `Downloading` and `Extracting`. */
  progress?: { current: number; total: number };
}

/** Where the messages go, and whether it is a terminal the client may redraw. */
class ProgressWriter {
  /** Each layer's line, counted from the first line after the last message without a layer. */
  private lines = new Map<string, number>();

  constructor(
    private readonly write: (text: string) => void,
    private readonly tty: boolean,
    private readonly columns: number,
  ) {}

  send(message: Message): void {
    if (!this.tty) {
      // The client skips messages with a progress figure when it cannot redraw them.
      if (message.progress && message.progress.total > 0) return;
      this.write(`${message.id ? `${message.id}: ` : ''}${message.status}\n`);
      return;
    }
    if (message.id === undefined || !this.isLayerMessage(message)) {
      this.lines.clear();
      this.write(`${message.id ? `${message.id}: ` : ''}${message.status}\n`);
      return;
    }
    let line = this.lines.get(message.id);
    let out = '';
    if (line === undefined) {
      line = this.lines.size;
      this.lines.set(message.id, line);
      out += '\n';
    }
    const diff = this.lines.size - line;
    if (diff > 0) out += `\x1b[${diff}A`;
    out += `\x1b[2K\r${message.id}: ${message.status} ${this.bar(message)}\r`;
    if (diff > 0) out += `\x1b[${diff}B`;
    this.write(out);
  }

  private isLayerMessage(message: Message): boolean {
    return message.status !== '' && !message.status.startsWith('Pulling from');
  }

  /** jsonmessage's progress: the bar only when the terminal is wider than 110 columns. */
  private bar(message: Message): string {
    const progress = message.progress;
    if (!progress || (progress.current <= 0 && progress.total <= 0)) return '';
    const percentage = Math.min(50, Math.trunc((progress.current / progress.total) * 100) / 2);
    const filled = Math.trunc(percentage);
    const box =
      this.columns > 110 ? `[${'='.repeat(filled)}>${' '.repeat(Math.max(0, 50 - filled))}] ` : '';
    const current = humanSizePrecise(progress.current);
    const numbers =
      progress.current > progress.total
        ? current.padStart(8)
        : `${current.padStart(8)}/${humanSizePrecise(progress.total)}`;
    return box + numbers;
  }
}

interface LayerState {
  id: string;
  total: number;
  downloaded: number;
  extracted: number;
  phase: 'waiting' | 'downloading' | 'downloaded' | 'extracting' | 'done';
}

/** The layer lines of a pull, step by step on the simulated clock. */
async function pullLayers(
  image: Image,
  present: Set<string>,
  writer: ProgressWriter,
  context: CliContext,
  paced: boolean,
): Promise<void> {
  const layers: LayerState[] = [];
  const seen = new Set<string>();
  for (const layer of image.layers) {
    const id = layer.digest.slice(7, 19);
    if (seen.has(id)) continue;
    seen.add(id);
    if (present.has(layer.digest)) {
      writer.send({ id, status: 'Already exists' });
      continue;
    }
    const total = Math.max(32, Math.round(layer.size * COMPRESSION));
    layers.push({ id, total, downloaded: 0, extracted: 0, phase: 'waiting' });
  }
  for (const layer of layers) writer.send({ id: layer.id, status: 'Pulling fs layer' });
  for (const layer of layers.slice(CONCURRENT_DOWNLOADS)) {
    writer.send({ id: layer.id, status: 'Waiting' });
  }
  const totalBytes = layers.reduce((sum, layer) => sum + layer.total, 0);
  // Bytes per tick for a download and for an extraction (which reads the larger, unpacked data).
  const ticks = PULL_MS / TICK_MS;
  const speed = Math.max(1, Math.ceil(totalBytes / ticks / 0.6));
  const signal = context.terminal.signal;
  while (layers.some((layer) => layer.phase !== 'done')) {
    if (signal?.aborted) return;
    const downloading = layers.filter((layer) => layer.phase === 'downloading');
    for (const layer of layers) {
      if (downloading.length >= CONCURRENT_DOWNLOADS) break;
      if (layer.phase === 'waiting') {
        layer.phase = 'downloading';
        downloading.push(layer);
      }
    }
    for (const layer of downloading) {
      layer.downloaded = Math.min(layer.total, layer.downloaded + Math.ceil(speed / 2));
      if (layer.downloaded < layer.total) {
        writer.send({
          id: layer.id,
          status: 'Downloading',
          progress: { current: layer.downloaded, total: layer.total },
        });
      } else {
        writer.send({ id: layer.id, status: 'Verifying Checksum' });
        writer.send({ id: layer.id, status: 'Download complete' });
        layer.phase = 'downloaded';
      }
    }
    // Layers unpack one after the other, in order, each once it and those below it are in.
    const next = layers.find((layer) => layer.phase !== 'done');
    if (next && (next.phase === 'downloaded' || next.phase === 'extracting')) {
      next.phase = 'extracting';
      next.extracted = Math.min(next.total, next.extracted + Math.ceil(next.total / EXTRACT_TICKS));
      writer.send({
        id: next.id,
        status: 'Extracting',
        progress: { current: next.extracted, total: next.total },
      });
      if (next.extracted >= next.total) {
        writer.send({ id: next.id, status: 'Pull complete' });
        next.phase = 'done';
      }
    }
    if (paced) await context.environment.delay(TICK_MS, signal);
  }
}

/**
 * Pulls `ref` from the simulated registry into the engine, printing Docker's progress. `forRun`
 * is the pull `docker run`/`create` does: it starts with `Unable to find image ... locally`, goes
 * to standard error and ends without the full reference line. Returns the image, or the daemon's
 * refusal in Docker's words.
 */
export async function pullImage(
  ref: Reference,
  context: CliContext,
  forRun: boolean,
  options: { quiet?: boolean } = {},
): Promise<Image | string> {
  const { terminal, engine } = context;
  const name = familiarName(ref);
  const write = forRun ? terminal.err.bind(terminal) : terminal.out.bind(terminal);
  const quiet = options.quiet === true;
  if (forRun)
    terminal.err(`${PULL_MESSAGES.notLocal(name)}
`);
  else if (ref.tag === undefined && ref.digest === undefined && !quiet) {
    write(`${PULL_MESSAGES.defaultTag}
`);
  }
  const found = lookupCatalog(ref);
  if (found.kind !== 'found') {
    return `${daemonPullError(found)}\n${catalogHint(found, catalogRepositories())}`;
  }
  const image = found.image;
  const writer = new ProgressWriter(quiet ? () => {} : write, terminal.tty, terminal.columns);
  const local = engine.findImage(name);
  if (local && local.id === image.id) {
    writer.send({ id: ref.tag ?? 'latest', status: PULL_MESSAGES.pullingFrom(ref.path) });
    writer.send({ status: PULL_MESSAGES.digest(digestOf(image)) });
    writer.send({ status: PULL_MESSAGES.upToDate(name) });
    if (!forRun) terminal.out(`${fullName(ref)}\n`);
    return image;
  }
  writer.send({ id: ref.tag ?? 'latest', status: PULL_MESSAGES.pullingFrom(ref.path) });
  const present = new Set<string>();
  for (const other of engine.images.values()) {
    for (const layer of other.layers) present.add(layer.digest);
  }
  await pullLayers(image, present, writer, context, terminal.tty && !quiet);
  if (terminal.signal?.aborted) return PULL_MESSAGES.canceled;
  writer.send({ status: PULL_MESSAGES.digest(digestOf(image)) });
  writer.send({ status: PULL_MESSAGES.downloaded(name) });
  if (!forRun) terminal.out(`${fullName(ref)}\n`);
  engine.storePulled(ref, image);
  return image;
}

function digestOf(image: Image): string {
  const digest = image.repoDigest ?? image.id;
  return digest.slice(digest.indexOf('@') + 1);
}
