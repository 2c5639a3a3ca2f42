/**
 * What the simulated builder does with each Dockerfile instruction, instruction flag and
 * `docker build` option: supported (behaves as BuildKit does), partial (accepted, with a gap the
 * note names) or not (refused or ignored, as the note says). The site's "What Dockyard
 * simulates" page renders this table, and a build that touches a partial row prints its note once.
 */

export type SupportLevel = 'supported' | 'partial' | 'not';

export type SupportKind = 'instruction' | 'flag' | 'option';

export interface SupportRow {
  /** `COPY`, `COPY --chown`, `RUN --mount=type=cache`, `docker build --target`. */
  key: string;
  kind: SupportKind;
  level: SupportLevel;
  note: string;
}

/**
 * The table, one row per line: the level, the key, `: `, then the note. The kind follows from the
 * key: `docker build ...`, `.dockerignore` and `# ...` directives are build options, `WORD --flag`
 * keys are instruction flags, the rest are instructions.
 */
const TABLE = `
supported FROM: Images from the catalog, earlier stages, and scratch.
partial   FROM --platform: Read and expanded; every build is linux/amd64.
supported RUN: Runs in the simulated shell with its tools; RUN <<EOF runs the heredoc as the script.
partial   RUN --mount=type=bind: Read and checked; the mount itself is not made, so RUN sees the image files only.
partial   RUN --mount=type=cache: Read and checked; no cache folder is kept between builds.
partial   RUN --mount=type=secret: Read and checked; no secret is provided.
partial   RUN --mount=type=ssh: Read and checked; no SSH agent is provided.
partial   RUN --mount=type=tmpfs: Read and checked; writes are kept.
partial   RUN --network: Read; RUN never reaches a real network.
partial   RUN --security: Read; it changes nothing in the simulation.
not       RUN --device: Read; no devices are simulated.
supported CMD: Exec and shell form, stored as Docker stores them.
supported ENTRYPOINT: Resets an inherited CMD, as Docker does.
supported SHELL: Changes how later shell-form lines run.
supported COPY: Files, folders, wildcards and heredocs; several sources to a path without / overwrite one another, as in BuildKit, with a note.
supported COPY --from: Stage names, stage indexes and catalog images.
supported COPY --chown: Names are looked up in the image passwd and group.
supported COPY --chmod: Octal and symbolic modes.
partial   COPY --link: The step is cached apart from the steps before it; the files land as with a plain COPY.
supported COPY --parents: Keeps source folders, with the /./ pivot.
supported COPY --exclude: Patterns leave out matching sources.
partial   ADD: Local files and tar archives (plain or gzip; bzip2 and xz ones are copied unopened) work; URLs and git repositories cannot be fetched offline: a URL gives an empty stand-in file, a git source an empty folder.
supported ADD --chown: As for COPY.
supported ADD --chmod: As for COPY.
partial   ADD --link: As for COPY --link.
supported ADD --exclude: As for COPY.
supported ADD --unpack: false copies an archive as it is.
partial   ADD --checksum: Read; nothing is downloaded, so nothing is verified.
partial   ADD --keep-git-dir: Read; git sources are not cloned.
supported ENV: In the image config and in later RUN steps.
supported ARG: Global and stage scope, predefined platform ARGs.
supported LABEL: In the image config.
supported EXPOSE: Checked and stored as Docker does.
supported VOLUME: RUN writes under a volume are kept, as with BuildKit.
supported USER: RUN and WORKDIR act as that user.
supported WORKDIR: Created as its own step unless it is /.
supported STOPSIGNAL: In the image config.
supported HEALTHCHECK: In the image config and the history.
supported HEALTHCHECK --interval: Stored in the image config.
supported HEALTHCHECK --timeout: Stored in the image config.
supported HEALTHCHECK --start-period: Stored in the image config.
supported HEALTHCHECK --start-interval: Stored in the image config.
supported HEALTHCHECK --retries: Stored in the image config.
supported ONBUILD: A base image's triggers run in the child build.
supported MAINTAINER: Sets the image author.
supported docker build PATH: A folder of the simulated host.
not       docker build URL | -: A git or HTTP context needs the network, and - needs standard input; both are refused with a note.
supported docker build -t: May be repeated.
supported docker build -f: Relative to the current folder.
supported docker build --build-arg: Unused ones pass silently, as with BuildKit.
supported docker build --target: Only the stages it needs are built.
supported docker build --no-cache: Every step runs again.
partial   docker build --progress: plain, tty, auto, quiet and none; rawjson prints the plain format.
supported docker build -q: Prints only the image ID.
supported docker build --iidfile: Writes sha256:... to the file.
supported .dockerignore: Also NAME.Dockerfile.dockerignore beside the Dockerfile.
partial   # syntax=: The frontend's steps are shown; the file is always read as docker/dockerfile reads it.
supported # escape=: A backslash or a backtick.
supported # check=: skip=, error=true (the build fails after the warnings) and experimental=.
`;

const LEVELS: readonly SupportLevel[] = ['supported', 'partial', 'not'];

function kindOf(key: string): SupportKind {
  if (/^(docker build|\.|#)/.test(key)) return 'option';
  return /^[A-Z]+ --/.test(key) ? 'flag' : 'instruction';
}

function parseRow(line: string): SupportRow {
  const level = line.slice(0, line.indexOf(' '));
  const rest = line.slice(level.length).trim();
  const split = rest.indexOf(': ');
  if (!LEVELS.includes(level as SupportLevel) || split < 0) {
    throw new Error(`support table: cannot read the row ${JSON.stringify(line)}`);
  }
  const key = rest.slice(0, split);
  return { key, kind: kindOf(key), level: level as SupportLevel, note: rest.slice(split + 2) };
}

export const SUPPORT: readonly SupportRow[] = TABLE.trim().split('\n').map(parseRow);

/** The row for a key; every key the builder touches is in the table. */
export function supportRow(key: string): SupportRow | undefined {
  return SUPPORT.find((entry) => entry.key === key);
}
