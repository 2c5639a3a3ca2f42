/**
 * The names a lesson may use: goal checks and quiz facts, each with the arguments it takes. The
 * lesson schema validates `goals[].with` and `quiz[].with` against these, so a lesson naming an
 * unknown check or leaving out an argument fails the site build.
 */

/** How an argument is written in a lesson's frontmatter. */
export type ArgumentKind = 'string' | 'path' | 'port' | 'count';

export interface ArgumentSpec {
  kind: ArgumentKind;
  required: boolean;
  /** One line for lessons/README.md and error messages. */
  doc: string;
}

export interface NameSpec {
  args: Record<string, ArgumentSpec>;
  /** When it passes (a check) or what the right answer is (a fact). */
  doc: string;
}

const ref: ArgumentSpec = { kind: 'string', required: true, doc: 'an image reference, `aaa:ccc`' };

export const goalChecks = {
  'image-exists': {
    args: { ref },
    doc: 'an image with that name and tag exists',
  },
  'image-runs': {
    args: {
      ref,
      program: { kind: 'string', required: true, doc: 'the program, `http-server`' },
    },
    doc: 'the image starts `program` (its Entrypoint and Cmd, exec or shell form, any arguments)',
  },
  'image-workdir': {
    args: { ref, path: { kind: 'path', required: true, doc: 'an absolute path, `/app`' } },
    doc: "the image's working directory is `path`",
  },
  'image-has-file': {
    args: {
      ref,
      path: { kind: 'path', required: true, doc: 'an absolute path, `/app/index.html`' },
      contains: { kind: 'string', required: false, doc: 'text the file must contain' },
    },
    doc: 'the file exists in the image (and contains the text)',
  },
  'image-exposes': {
    args: { ref, port: { kind: 'port', required: true, doc: '`8080` or `8080/tcp`' } },
    doc: 'the image exposes the port (ExposedPorts)',
  },
  'image-declares-volume': {
    args: { ref, path: { kind: 'path', required: true, doc: 'an absolute path, `/app`' } },
    doc: 'the image declares a volume at `path` (Volumes)',
  },
  'image-layers-added': {
    args: {
      ref,
      base: { kind: 'string', required: true, doc: 'the base image, `node:latest`' },
      atLeast: { kind: 'count', required: true, doc: 'how many layers, at least' },
    },
    doc: "the image has at least `atLeast` layers on top of the base image's",
  },
  'container-running': {
    args: {
      image: { kind: 'string', required: false, doc: 'the image it runs, `aaa:ccc`' },
      name: { kind: 'string', required: false, doc: 'its name, `web`' },
    },
    doc: 'a running container (of that image, with that name)',
  },
  'port-published': {
    args: {
      hostPort: { kind: 'port', required: true, doc: 'the host port, `8888`' },
      containerPort: { kind: 'port', required: true, doc: 'the container port, `8080`' },
    },
    doc: 'a running container publishes `containerPort` on `hostPort`',
  },
  'page-contains': {
    args: {
      port: { kind: 'port', required: true, doc: 'the host port, `8888`' },
      file: {
        kind: 'string',
        required: false,
        doc: 'a build-context file: its `<h1>` text (or its whole text) must show',
      },
      text: { kind: 'string', required: false, doc: 'text the page must contain' },
    },
    doc: '`http://localhost:<port>/` answers 200 and its body contains the text',
  },
  'bind-mount': {
    args: {
      target: { kind: 'path', required: true, doc: 'the path in the container, `/app`' },
      sourceEndsWith: {
        kind: 'string',
        required: false,
        doc: 'how the host path ends, `/Desktop`',
      },
    },
    doc: 'a running container has a bind mount at `target`',
  },
  'anonymous-volume-kept': {
    args: { path: { kind: 'path', required: true, doc: 'where it was mounted, `/app`' } },
    doc: 'an anonymous volume, used by no container, holds the files that were at `path`',
  },
  'named-container': {
    args: { name: { kind: 'string', required: true, doc: 'the name, `web`' } },
    doc: 'a container with that name exists',
  },
  'generated-name': {
    args: {},
    doc: 'a container exists whose name Docker made up (`adjective_surname`)',
  },
} satisfies Record<string, NameSpec>;

export type GoalCheckName = keyof typeof goalChecks;

export const quizFacts = {
  'published-url': {
    args: { containerPort: { kind: 'port', required: true, doc: 'the container port, `8080`' } },
    doc: '`http://localhost:<hostPort>` of a running container publishing that port',
  },
  'layers-added': {
    args: { ref },
    doc: 'how many layers the image has on top of its base image',
  },
  'container-name': {
    args: { image: { kind: 'string', required: true, doc: 'the image, `aaa:ddd`' } },
    doc: 'the name of the newest container of that image',
  },
  'volume-mountpoint': {
    args: {},
    doc: '`/var/lib/docker/volumes/<name>/_data` of the newest anonymous volume',
  },
  'image-id-prefix': {
    args: { ref },
    doc: "the image's short id, 12 hexadecimal digits",
  },
} satisfies Record<string, NameSpec>;

export type QuizFactName = keyof typeof quizFacts;

export const goalCheckNames = Object.keys(goalChecks) as [GoalCheckName, ...GoalCheckName[]];
export const quizFactNames = Object.keys(quizFacts) as [QuizFactName, ...QuizFactName[]];

function describeKind(kind: ArgumentKind): string {
  switch (kind) {
    case 'string':
      return 'a non-empty string';
    case 'path':
      return 'an absolute path';
    case 'port':
      return 'a port number from 1 to 65535';
    case 'count':
      return 'a whole number, 0 or more';
  }
}

function fits(kind: ArgumentKind, value: unknown): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string' && value !== '';
    case 'path':
      return typeof value === 'string' && value.startsWith('/');
    case 'port': {
      const text = typeof value === 'number' ? String(value) : value;
      if (typeof text !== 'string') return false;
      const match = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/.exec(text);
      const port = Number(match?.[1]);
      return match !== null && port >= 1 && port <= 65535;
    }
    case 'count':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0;
  }
}

/**
 * What is wrong with the arguments given to a check or fact, one sentence per problem, naming
 * the argument; empty when they fit.
 */
export function argumentProblems(spec: NameSpec, given: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [name, argument] of Object.entries(spec.args)) {
    const value = given[name];
    if (value === undefined) {
      if (argument.required) problems.push(`\`${name}\` is missing: ${argument.doc}`);
    } else if (!fits(argument.kind, value)) {
      problems.push(
        `\`${name}\` must be ${describeKind(argument.kind)}, not ${JSON.stringify(value)}`,
      );
    }
  }
  for (const name of Object.keys(given)) {
    if (!(name in spec.args)) {
      const known = Object.keys(spec.args);
      problems.push(
        `\`${name}\` is not an argument of this one; ${known.length === 0 ? 'it takes none' : `it takes ${known.map((k) => `\`${k}\``).join(', ')}`}`,
      );
    }
  }

  return problems;
}
