/**
 * The image commands: `images` (filters, `--digests`, `--format`), `history`, `rmi`, `tag` and
 * `image prune`, with the client's tables and the daemon's words.
 */
import { imageSize, type Image } from '../image/image.ts';
import { familiarName, parseReference } from '../image/reference.ts';
import { isEngineError, type Engine } from '../runtime/engine.ts';
import { humanDuration, humanSize, humanSizePrecise } from '../runtime/format.ts';
import { ellipsis, goTime, readFilters } from './container-queries.ts';
import type { CliContext, Terminal } from './docker.ts';
import { flagBool, flagList, flagString, type ParsedFlags } from './flags.ts';
import { printListing } from './listing.ts';
import { confirm } from './prompt.ts';
import { CHANGE_MESSAGES, QUERY_MESSAGES } from './messages.ts';

const line = (terminal: Terminal, text: string) => terminal.out(`${text}\n`);
const errLine = (terminal: Terminal, text: string) => terminal.err(`${text}\n`);

/** Go's `path.Match`, which `reference=` and `docker images REPO` use: `*`, `?` and `[...]`. */
function globMatch(pattern: string, text: string): boolean {
  let source = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) return false;
      source += `[${pattern
        .slice(i + 1, end)
        .replace(/^\^/, '^')
        .replace(/\\/g, '\\\\')}]`;
      i = end;
    } else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  try {
    return new RegExp(`${source}$`).test(text);
  } catch {
    return false;
  }
}

/** `reference.FamiliarMatch`: the pattern against `node:latest`, then against `node`. */
function referenceMatch(pattern: string, repository: string, tag: string): boolean {
  return globMatch(pattern, `${repository}:${tag}`) || globMatch(pattern, repository);
}

interface ImageRow {
  repository: string;
  tag: string;
  image: Image;
}

function imageRows(engine: Engine): ImageRow[] {
  const rows: ImageRow[] = [];
  for (const image of engine.images.values()) {
    const tags = engine.tagsOf(image);
    if (tags.length === 0) rows.push({ repository: '<none>', tag: '<none>', image });
    for (const tag of tags) {
      const colon = tag.lastIndexOf(':');
      rows.push({ repository: tag.slice(0, colon), tag: tag.slice(colon + 1), image });
    }
  }
  return rows.sort(
    (a, b) =>
      b.image.created - a.image.created ||
      a.repository.localeCompare(b.repository) ||
      a.tag.localeCompare(b.tag),
  );
}

const IMAGE_FILTERS = new Set(['before', 'dangling', 'label', 'reference', 'since', 'until']);

function imageFilter(values: string[], engine: Engine): ((row: ImageRow) => boolean) | string {
  const filters = readFilters(values);
  const tests: Array<(row: ImageRow) => boolean> = [];
  for (const [key, list] of filters) {
    if (!IMAGE_FILTERS.has(key)) return QUERY_MESSAGES.invalidFilter(key);
    switch (key) {
      case 'dangling': {
        for (const value of list) {
          if (!['true', 'false', '1', '0'].includes(value.toLowerCase())) {
            return QUERY_MESSAGES.invalidDangling(value);
          }
        }
        const want = ['true', '1'].includes(list.at(-1)!.toLowerCase());
        tests.push((row) => (row.repository === '<none>') === want);
        break;
      }
      case 'reference':
        tests.push((row) =>
          list.some((pattern) => referenceMatch(pattern, row.repository, row.tag)),
        );
        break;
      case 'label':
        tests.push((row) =>
          list.some((value) => {
            const labels = row.image.config.Labels ?? {};
            const eq = value.indexOf('=');
            return eq < 0 ? value in labels : labels[value.slice(0, eq)] === value.slice(eq + 1);
          }),
        );
        break;
      case 'before':
      case 'since': {
        for (const value of list) {
          const pivot = engine.findImage(value);
          if (!pivot) return QUERY_MESSAGES.noSuchImage(value);
          tests.push((row) =>
            key === 'before'
              ? row.image.created < pivot.created
              : row.image.created > pivot.created,
          );
        }
        break;
      }
      default:
        return QUERY_MESSAGES.invalidFilter(key);
    }
  }
  return (row) => tests.every((test) => test(row));
}

function digestOf(image: Image): string {
  if (!image.repoDigest) return '<none>';
  return image.repoDigest.slice(image.repoDigest.indexOf('@') + 1);
}

export function imagesCommand(parsed: ParsedFlags, context: CliContext): number {
  const { engine, terminal } = context;
  const now = context.environment.now();
  const filter = imageFilter(flagList(parsed, 'filter'), engine);
  if (typeof filter === 'string') {
    errLine(terminal, filter);
    return 1;
  }
  const pattern = parsed.args[0];
  const shown = imageRows(engine)
    .filter(filter)
    .filter(
      (row) =>
        pattern === undefined ||
        (row.repository !== '<none>' && referenceMatch(pattern, row.repository, row.tag)),
    );
  const trunc = !flagBool(parsed, 'no-trunc');
  const rows = shown.map((row) => ({
    ID: trunc ? row.image.id.slice(7, 19) : row.image.id,
    Repository: row.repository,
    Tag: row.tag,
    Digest: digestOf(row.image),
    CreatedSince: `${humanDuration(now - row.image.created)} ago`,
    CreatedAt: goTime(row.image.created),
    Size: humanSize(imageSize(row.image)),
    VirtualSize: humanSize(imageSize(row.image)),
    SharedSize: 'N/A',
    UniqueSize: 'N/A',
    Containers: 'N/A',
    Label: (key: unknown) => (row.image.config.Labels ?? {})[String(key)] ?? '',
  }));
  const digests = flagBool(parsed, 'digests');
  return printListing(terminal, {
    rows,
    format: flagString(parsed, 'format'),
    defaultTable: `table {{.Repository}}\t{{.Tag}}${digests ? '\t{{.Digest}}' : ''}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}`,
    quiet: flagBool(parsed, 'quiet') ? '{{.ID}}' : undefined,
    headers: {
      ID: 'IMAGE ID',
      Repository: 'REPOSITORY',
      Tag: 'TAG',
      Digest: 'DIGEST',
      CreatedSince: 'CREATED',
      CreatedAt: 'CREATED AT',
      Size: 'SIZE',
      VirtualSize: 'VIRTUAL SIZE',
      SharedSize: 'SHARED SIZE',
      UniqueSize: 'UNIQUE SIZE',
      Containers: 'CONTAINERS',
      Label: (_key: unknown) => 'LABEL',
    },
    typeName: '*formatter.imageContext',
    json: ({ Label: _label, ...row }) => row,
  });
}

/** `docker history`: newest step first; steps below the top have no image of their own. */
export function historyCommand(parsed: ParsedFlags, context: CliContext): number {
  const { engine, terminal } = context;
  const image = engine.findImage(parsed.args[0]!);
  if (!image) {
    errLine(terminal, QUERY_MESSAGES.noSuchImage(shownImageName(parsed.args[0]!)));
    return 1;
  }
  const trunc = !flagBool(parsed, 'no-trunc');
  const human = parsed.values.has('human') ? flagBool(parsed, 'human') : true;
  const now = context.environment.now();
  let layer = 0;
  const rows = image.history.map((entry) => {
    const size = entry.emptyLayer ? 0 : (image.layers[layer++]?.size ?? 0);
    const buildkit = entry.createdBy.endsWith('# buildkit') || !entry.createdBy.startsWith('#');
    const createdBy = entry.createdBy.replace(/\t/g, ' ');
    return {
      ID: '<missing>',
      CreatedSince: human
        ? `${humanDuration(now - entry.created)} ago`
        : new Date(entry.created).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      CreatedAt: new Date(entry.created).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      CreatedBy: trunc ? ellipsis(createdBy, 45) : createdBy,
      Size: human ? humanSize(size) : String(size),
      Comment: buildkit ? 'buildkit.dockerfile.v0' : '',
    };
  });
  rows.reverse();
  if (rows[0]) rows[0].ID = trunc ? image.id.slice(7, 19) : image.id;
  return printListing(terminal, {
    rows,
    format: flagString(parsed, 'format'),
    defaultTable: 'table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}',
    quiet: flagBool(parsed, 'quiet') ? '{{.ID}}' : undefined,
    headers: {
      ID: 'IMAGE',
      CreatedSince: 'CREATED',
      CreatedAt: 'CREATED AT',
      CreatedBy: 'CREATED BY',
      Size: 'SIZE',
      Comment: 'COMMENT',
    },
    typeName: '*formatter.historyContext',
    json: (row) => row,
  });
}

/** How the daemon names an image it cannot find: `node` as `node:latest`, an ID as given. */
function shownImageName(name: string): string {
  const ref = parseReference(name);
  return 'error' in ref || /^(sha256:)?[a-f0-9]{4,64}$/.test(name) ? name : familiarName(ref);
}

export function rmiCommand(parsed: ParsedFlags, context: CliContext): number {
  let status = 0;
  for (const name of parsed.args) {
    if (!context.engine.findImage(name)) {
      errLine(context.terminal, QUERY_MESSAGES.noSuchImage(shownImageName(name)));
      status = 1;
      continue;
    }
    const result = context.engine.removeImage(name, flagBool(parsed, 'force'));
    if (isEngineError(result)) {
      errLine(context.terminal, result.error);
      status = 1;
    } else for (const text of result) line(context.terminal, text);
  }
  return status;
}

/** `docker tag SOURCE TARGET`: both names checked by the client, the source found by the daemon. */
export function tagCommand(parsed: ParsedFlags, context: CliContext): number {
  const { engine, terminal } = context;
  const [source, target] = parsed.args as [string, string];
  for (const name of [source, target]) {
    const ref = parseReference(name);
    if ('error' in ref) {
      errLine(terminal, CHANGE_MESSAGES.badReference(name, ref.error));
      return 1;
    }
  }
  const targetRef = parseReference(target);
  if ('error' in targetRef) return 1;
  if (targetRef.digest !== undefined) {
    errLine(terminal, CHANGE_MESSAGES.digestTag);
    return 1;
  }
  const image = engine.findImage(source);
  if (!image) {
    errLine(terminal, QUERY_MESSAGES.noSuchImage(shownImageName(source)));
    return 1;
  }
  engine.tag(image, targetRef);
  return 0;
}

/** `docker image prune`: dangling images, or with `-a` every image no container uses. */
export async function imagePruneCommand(parsed: ParsedFlags, context: CliContext): Promise<number> {
  const { engine, terminal } = context;
  const all = flagBool(parsed, 'all');
  if (!flagBool(parsed, 'force')) {
    const warning = all ? CHANGE_MESSAGES.pruneAllImages : CHANGE_MESSAGES.pruneDangling;
    if (
      !(await confirm(
        context,
        `${warning}
${CHANGE_MESSAGES.continueQuestion}`,
      ))
    )
      return 0;
  }
  const { lines, reclaimed } = pruneImages(engine, all);
  if (lines.length > 0) line(terminal, CHANGE_MESSAGES.deleted('Images', lines));
  line(terminal, CHANGE_MESSAGES.reclaimed(humanSizePrecise(reclaimed)));
  return 0;
}

/** Removes unused images; the report lines as prune prints them (`untagged: `, `deleted: `). */
export function pruneImages(engine: Engine, all: boolean): { lines: string[]; reclaimed: number } {
  const used = new Set([...engine.containers.values()].map((c) => c.image.id));
  const lines: string[] = [];
  const before = layerBytes(engine);
  for (const image of [...engine.images.values()]) {
    if (used.has(image.id)) continue;
    if (!all && engine.tagsOf(image).length > 0) continue;
    const result = engine.removeImage(image.id, false);
    if (isEngineError(result)) continue;
    for (const text of result) {
      lines.push(text.replace(/^Untagged: /, 'untagged: ').replace(/^Deleted: /, 'deleted: '));
    }
  }
  return { lines, reclaimed: before - layerBytes(engine) };
}

/** The bytes of every layer the store holds, each shared layer counted once. */
export function layerBytes(engine: Engine): number {
  const layers = new Map<string, number>();
  for (const image of engine.images.values()) {
    for (const layer of image.layers) layers.set(layer.digest, layer.size);
  }
  let total = 0;
  for (const size of layers.values()) total += size;
  return total;
}
