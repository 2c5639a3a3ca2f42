/**
 * The layer explorer's rows: an image's layers from the base image up, each with the instruction
 * and Dockerfile line that made it, config-only instructions between them, and the cache
 * prediction for the next build; plus file lists as a tree.
 */
import type {
  BuildPlan,
  BuildReplayView,
  ImageView,
  LayerFileView,
  RebuildReason,
  StepMark,
  TreeEntryView,
} from '../api.ts';

export interface ExplorerRow {
  kind: 'base' | 'layer' | 'config';
  /** The instruction as written in the Dockerfile, or the history line for other images. */
  instruction: string;
  /** 1-based Dockerfile lines, for rows the last build made. */
  line?: number;
  endLine?: number;
  size: number;
  /** Index into the image's layers, for base and layer rows. */
  layerIndex?: number;
  changes: LayerFileView[];
  /** For base rows: the image the layer came with (`node:latest`, `alpine@sha256:...`). */
  inheritedFrom?: string;
  /** For config rows: the change came with the base image. */
  inherited?: boolean;
  mark?: StepMark;
  reason?: RebuildReason;
}

/**
 * Rows for `image`. When `replay` is the build that made it, rows follow the Dockerfile (lines,
 * config instructions in place); `plan`, when given, marks each row for the next build.
 */
export function explorerRows(
  image: ImageView,
  replay?: BuildReplayView,
  plan?: BuildPlan,
): ExplorerRow[] {
  const fromLastBuild =
    replay !== undefined && replay.ok && replay.tags.some((tag) => image.tags.includes(tag));
  const rows = fromLastBuild ? rowsFromReplay(image, replay) : rowsFromHistory(image);
  if (!fromLastBuild || !plan) return rows;
  const finalStage = replay.steps.at(-1)?.stageIndex;
  const byLine = new Map(
    plan.steps.filter((step) => step.stageIndex === finalStage).map((step) => [step.line, step]),
  );
  return rows.map((row) => {
    const step = row.line !== undefined ? byLine.get(row.line) : undefined;
    return step ? { ...row, mark: step.mark, reason: step.reason } : row;
  });
}

function baseRows(image: ImageView, inheritedFrom?: string): ExplorerRow[] {
  return image.layers.flatMap((layer, index) =>
    layer.inherited
      ? [
          {
            kind: 'base' as const,
            instruction: layer.createdBy,
            size: layer.size,
            layerIndex: index,
            changes: [],
            inheritedFrom,
          },
        ]
      : [],
  );
}

function rowsFromReplay(image: ImageView, replay: BuildReplayView): ExplorerRow[] {
  const finalStage = replay.steps.at(-1)!.stageIndex;
  const steps = replay.steps.filter((step) => step.stageIndex === finalStage);
  const [from, ...rest] = steps;
  const rows: ExplorerRow[] = baseRows(
    image,
    image.baseImage ?? (from && fromImage(from.instruction)),
  );
  // `FROM <earlier stage>`: that stage's own layers come before this stage's FROM line.
  const inherited = image.layers.filter((layer) => layer.inherited).length;
  for (let index = inherited; index < (from?.layerCount ?? 0); index++) {
    const layer = image.layers[index]!;
    rows.push({
      kind: 'layer',
      instruction: layer.createdBy,
      line: layer.line,
      size: layer.size,
      layerIndex: index,
      changes: layer.files,
    });
  }
  if (from) {
    rows.push({
      kind: 'config',
      instruction: from.instruction,
      line: from.line,
      endLine: from.endLine,
      size: 0,
      changes: [],
    });
  }
  let previousCount = from?.layerCount ?? 0;
  for (const step of rest) {
    const made = step.layerCount > previousCount;
    previousCount = step.layerCount;
    const layerIndex = made ? step.layerCount - 1 : undefined;
    rows.push({
      kind: made ? 'layer' : 'config',
      instruction: step.instruction,
      line: step.line,
      endLine: step.endLine,
      size: layerIndex !== undefined ? (image.layers[layerIndex]?.size ?? 0) : 0,
      layerIndex,
      changes: step.changes,
    });
  }
  return rows;
}

/** The image a FROM line names (`node:latest` in `FROM --platform=$P node:latest AS app`). */
function fromImage(instruction: string): string | undefined {
  return instruction
    .split(/\s+/)
    .slice(1)
    .find((word) => !word.startsWith('--'));
}

function rowsFromHistory(image: ImageView): ExplorerRow[] {
  const rows: ExplorerRow[] = [];
  let layerIndex = 0;
  for (const entry of image.history) {
    if (entry.emptyLayer) {
      rows.push({
        kind: 'config',
        instruction: entry.createdBy,
        size: 0,
        changes: [],
        ...(entry.inherited ? { inherited: true } : {}),
      });
      continue;
    }
    const layer = image.layers[layerIndex];
    if (layer) {
      rows.push({
        kind: layer.inherited ? 'base' : 'layer',
        instruction: layer.createdBy,
        line: layer.line,
        size: layer.size,
        layerIndex,
        changes: layer.files,
        ...(layer.inherited ? { inheritedFrom: image.baseImage } : {}),
      });
    }
    layerIndex++;
  }
  return rows;
}

export interface TreeNode {
  name: string;
  path: string;
  kind: TreeEntryView['kind'];
  size: number;
  /** Bytes of every file below, for folders. */
  total: number;
  change?: LayerFileView['change'];
  layer?: number;
  children: TreeNode[];
}

/** Nests flat paths into a tree, folders first, each level sorted by name. */
export function toTree(
  entries: ReadonlyArray<{
    path: string;
    kind: TreeEntryView['kind'];
    size: number;
    change?: LayerFileView['change'];
    layer?: number;
  }>,
): TreeNode {
  const root: TreeNode = { name: '/', path: '/', kind: 'dir', size: 0, total: 0, children: [] };
  const nodes = new Map<string, TreeNode>([['/', root]]);
  const ensure = (path: string): TreeNode => {
    const known = nodes.get(path);
    if (known) return known;
    const slash = path.lastIndexOf('/');
    const parent = ensure(slash <= 0 ? '/' : path.slice(0, slash));
    const node: TreeNode = {
      name: path.slice(slash + 1),
      path,
      kind: 'dir',
      size: 0,
      total: 0,
      children: [],
    };
    parent.children.push(node);
    nodes.set(path, node);
    return node;
  };
  for (const entry of entries) {
    if (entry.path === '/' || entry.path === '') continue;
    const node = ensure(entry.path);
    node.kind = entry.kind;
    node.size = entry.size;
    node.change = entry.change;
    node.layer = entry.layer;
  }
  const finish = (node: TreeNode): number => {
    node.children.sort((a, b) =>
      a.kind === 'dir' && b.kind !== 'dir'
        ? -1
        : b.kind === 'dir' && a.kind !== 'dir'
          ? 1
          : a.name < b.name
            ? -1
            : 1,
    );
    node.total =
      node.kind === 'dir'
        ? node.children.reduce((sum, child) => sum + finish(child), 0)
        : node.size;
    return node.total;
  };
  finish(root);
  return root;
}
