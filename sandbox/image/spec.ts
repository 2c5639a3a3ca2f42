import type { Changes } from '../fs/index.ts';
import type { ImageConfig } from './image.ts';

/**
 * How the catalog describes an image before it is built: its history steps, the layers among
 * them, and its config. Official images are written as a base image plus a recipe, the way their
 * Dockerfiles are.
 */

export const MB = 1_000_000;

export const PATH_DEFAULT = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** A history step that makes a layer of `size` bytes (as `docker history` shows it). */
export interface LayerStep {
  createdBy: string;
  size: number;
  changes?: () => Changes;
}

/** A history step that only changes the config. */
export interface MetaStep {
  createdBy: string;
}

export type Step = LayerStep | MetaStep;

export interface ImageSpec {
  created: string;
  config: Partial<ImageConfig>;
  /** Layers and config-only steps in history order; a step with no `size` makes no layer. */
  steps: Step[];
}

/** What an official image's Dockerfile adds to its base image. */
export interface Recipe {
  created: string;
  labels?: Record<string, string>;
  /** In order; a value may use variables set before it (`$PATH`, `$JAVA_HOME`). */
  env?: Array<[string, string]>;
  layers: LayerStep[];
  volumes?: string[];
  workdir?: string;
  entrypoint?: string[];
  /** `80/tcp` style. */
  ports?: string[];
  stopSignal?: string;
  cmd?: string[];
}

/** `["a" "b"]`: how BuildKit's history writes a JSON-form command. */
function historyArgs(args: string[]): string {
  return `[${args.map((arg) => JSON.stringify(arg)).join(' ')}]`;
}

/** `NAME=value` with `$NAME`/`${NAME}` of variables already set expanded, as ENV does. */
function expandEnv(env: string[], value: string): string {
  return value.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, key: string) => {
    const entry = env.find((e) => e.startsWith(`${key}=`));
    return entry ? entry.slice(key.length + 1) : '';
  });
}

function setEnv(env: string[], entry: string): string[] {
  const name = entry.slice(0, entry.indexOf('='));
  const at = env.findIndex((e) => e.startsWith(`${name}=`));
  if (at < 0) return [...env, entry];
  return [...env.slice(0, at), entry, ...env.slice(at + 1)];
}

/** The image a recipe builds from `base`: history appended, config inherited as Docker does. */
export function derive(base: ImageSpec, recipe: Recipe): ImageSpec {
  const config: Partial<ImageConfig> = { ...base.config };
  const steps: Step[] = [...base.steps];
  if (recipe.labels) {
    config.Labels = { ...(base.config.Labels ?? {}), ...recipe.labels };
    for (const [key, value] of Object.entries(recipe.labels)) {
      steps.push({ createdBy: `LABEL ${key}=${value}` });
    }
  }
  let env = [...(base.config.Env ?? [])];
  for (const [name, value] of recipe.env ?? []) {
    const entry = `${name}=${expandEnv(env, value)}`;
    env = setEnv(env, entry);
    steps.push({ createdBy: `ENV ${entry}` });
  }
  config.Env = env;
  steps.push(...recipe.layers);
  if (recipe.volumes) {
    config.Volumes = { ...(base.config.Volumes ?? {}) };
    for (const path of recipe.volumes) config.Volumes[path] = {};
    steps.push({ createdBy: `VOLUME [${recipe.volumes.join(' ')}]` });
  }
  if (recipe.workdir) {
    config.WorkingDir = recipe.workdir;
    steps.push({ createdBy: `WORKDIR ${recipe.workdir}` });
  }
  if (recipe.entrypoint) {
    config.Entrypoint = recipe.entrypoint;
    // Setting ENTRYPOINT drops the CMD inherited from the base.
    config.Cmd = null;
    steps.push({ createdBy: `ENTRYPOINT ${historyArgs(recipe.entrypoint)}` });
  }
  if (recipe.ports) {
    config.ExposedPorts = { ...(base.config.ExposedPorts ?? {}) };
    for (const port of recipe.ports) config.ExposedPorts[port] = {};
    steps.push({ createdBy: `EXPOSE map[${recipe.ports.map((p) => `${p}:{}`).join(' ')}]` });
  }
  if (recipe.stopSignal) {
    config.StopSignal = recipe.stopSignal;
    steps.push({ createdBy: `STOPSIGNAL ${recipe.stopSignal}` });
  }
  if (recipe.cmd) {
    config.Cmd = recipe.cmd;
    steps.push({ createdBy: `CMD ${historyArgs(recipe.cmd)}` });
  }
  return { created: recipe.created, config, steps };
}

/** A layer step, with the BuildKit suffix its history line carries. */
export function run(command: string, size: number, changes?: () => Changes): LayerStep {
  return { createdBy: `RUN /bin/sh -c ${command} # buildkit`, size, changes };
}

export function copy(what: string, size: number, changes: () => Changes): LayerStep {
  return { createdBy: `COPY ${what} # buildkit`, size, changes };
}
