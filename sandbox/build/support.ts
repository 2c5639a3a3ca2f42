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

const row = (key: string, kind: SupportKind, level: SupportLevel, note: string): SupportRow => ({
  key,
  kind,
  level,
  note,
});

export const SUPPORT: readonly SupportRow[] = [
  row('FROM', 'instruction', 'supported', 'Images from the catalog, earlier stages, and scratch.'),
  row('FROM --platform', 'flag', 'partial', 'Read and expanded; every build is linux/amd64.'),
  row('RUN', 'instruction', 'supported', 'Runs in the simulated shell with its tools.'),
  row(
    'RUN --mount=type=bind',
    'flag',
    'partial',
    'Read and checked; the mount itself is not made, so RUN sees the image files only.',
  ),
  row(
    'RUN --mount=type=cache',
    'flag',
    'partial',
    'Read and checked; no cache folder is kept between builds.',
  ),
  row('RUN --mount=type=secret', 'flag', 'partial', 'Read and checked; no secret is provided.'),
  row('RUN --mount=type=ssh', 'flag', 'partial', 'Read and checked; no SSH agent is provided.'),
  row('RUN --mount=type=tmpfs', 'flag', 'partial', 'Read and checked; writes are kept.'),
  row('RUN --network', 'flag', 'partial', 'Read; RUN never reaches a real network.'),
  row('RUN --security', 'flag', 'partial', 'Read; it changes nothing in the simulation.'),
  row('RUN --device', 'flag', 'not', 'Read; no devices are simulated.'),
  row('CMD', 'instruction', 'supported', 'Exec and shell form, stored as Docker stores them.'),
  row('ENTRYPOINT', 'instruction', 'supported', 'Resets an inherited CMD, as Docker does.'),
  row('SHELL', 'instruction', 'supported', 'Changes how later shell-form lines run.'),
  row(
    'COPY',
    'instruction',
    'supported',
    'Files, folders, wildcards and heredocs; several sources to a path without / overwrite one another, as in BuildKit, with a note.',
  ),
  row('COPY --from', 'flag', 'supported', 'Stage names, stage indexes and catalog images.'),
  row('COPY --chown', 'flag', 'supported', 'Names are looked up in the image passwd and group.'),
  row('COPY --chmod', 'flag', 'supported', 'Octal and symbolic modes.'),
  row(
    'COPY --link',
    'flag',
    'partial',
    'The step is cached apart from the steps before it; the files land as with a plain COPY.',
  ),
  row('COPY --parents', 'flag', 'supported', 'Keeps source folders, with the /./ pivot.'),
  row('COPY --exclude', 'flag', 'supported', 'Patterns leave out matching sources.'),
  row(
    'ADD',
    'instruction',
    'partial',
    'Local files and tar archives (plain or gzip; bzip2 and xz ones are copied unopened) work; URLs and git repositories cannot be fetched offline: a URL gives an empty stand-in file, a git source an empty folder.',
  ),
  row('ADD --chown', 'flag', 'supported', 'As for COPY.'),
  row('ADD --chmod', 'flag', 'supported', 'As for COPY.'),
  row('ADD --link', 'flag', 'partial', 'As for COPY --link.'),
  row('ADD --exclude', 'flag', 'supported', 'As for COPY.'),
  row('ADD --unpack', 'flag', 'supported', 'false copies an archive as it is.'),
  row('ADD --checksum', 'flag', 'partial', 'Read; nothing is downloaded, so nothing is verified.'),
  row('ADD --keep-git-dir', 'flag', 'partial', 'Read; git sources are not cloned.'),
  row('ENV', 'instruction', 'supported', 'In the image config and in later RUN steps.'),
  row('ARG', 'instruction', 'supported', 'Global and stage scope, predefined platform ARGs.'),
  row('LABEL', 'instruction', 'supported', 'In the image config.'),
  row('EXPOSE', 'instruction', 'supported', 'Checked and stored as Docker does.'),
  row('VOLUME', 'instruction', 'supported', 'RUN writes under a volume are kept, as with BuildKit.'),
  row('USER', 'instruction', 'supported', 'RUN and WORKDIR act as that user.'),
  row('WORKDIR', 'instruction', 'supported', 'Created as its own step unless it is /.'),
  row('STOPSIGNAL', 'instruction', 'supported', 'In the image config.'),
  row('HEALTHCHECK', 'instruction', 'supported', 'In the image config and the history.'),
  row('HEALTHCHECK --interval', 'flag', 'supported', 'Stored in the image config.'),
  row('HEALTHCHECK --timeout', 'flag', 'supported', 'Stored in the image config.'),
  row('HEALTHCHECK --start-period', 'flag', 'supported', 'Stored in the image config.'),
  row('HEALTHCHECK --start-interval', 'flag', 'supported', 'Stored in the image config.'),
  row('HEALTHCHECK --retries', 'flag', 'supported', 'Stored in the image config.'),
  row('ONBUILD', 'instruction', 'supported', "A base image's triggers run in the child build."),
  row('MAINTAINER', 'instruction', 'supported', 'Sets the image author.'),
  row('docker build PATH', 'option', 'supported', 'A folder of the simulated host.'),
  row(
    'docker build URL | -',
    'option',
    'not',
    'A git or HTTP context needs the network, and - needs standard input; both are refused with a note.',
  ),
  row('docker build -t', 'option', 'supported', 'May be repeated.'),
  row('docker build -f', 'option', 'supported', 'Relative to the current folder.'),
  row('docker build --build-arg', 'option', 'supported', 'Unused ones pass silently, as with BuildKit.'),
  row('docker build --target', 'option', 'supported', 'Only the stages it needs are built.'),
  row('docker build --no-cache', 'option', 'supported', 'Every step runs again.'),
  row(
    'docker build --progress',
    'option',
    'partial',
    'plain, tty, auto, quiet and none; rawjson prints the plain format.',
  ),
  row('docker build -q', 'option', 'supported', 'Prints only the image ID.'),
  row('docker build --iidfile', 'option', 'supported', 'Writes sha256:... to the file.'),
  row('.dockerignore', 'option', 'supported', 'Also NAME.Dockerfile.dockerignore beside the Dockerfile.'),
  row(
    '# syntax=',
    'option',
    'partial',
    "The frontend's steps are shown; the file is always read as docker/dockerfile reads it.",
  ),
  row('# escape=', 'option', 'supported', 'A backslash or a backtick.'),
  row(
    '# check=',
    'option',
    'supported',
    'skip=, error=true (the build fails after the warnings) and experimental=.',
  ),
];

/** The row for a key; every key the builder touches is in the table. */
export function supportRow(key: string): SupportRow | undefined {
  return SUPPORT.find((entry) => entry.key === key);
}
