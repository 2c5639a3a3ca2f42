import { describe, expect, it } from 'vitest';
import { lintDockerfile, lintDockerfileReport } from './lint.ts';
import type { Diagnostic } from './types.ts';

function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => d.code);
}

function find(diagnostics: Diagnostic[], code: string): Diagnostic {
  const found = diagnostics.find((d) => d.code === code);
  if (!found) {
    throw new Error(`no ${code} in ${codes(diagnostics).join(', ')}`);
  }
  return found;
}

const nodeEnv = () => ({ NODE_VERSION: '22.0.0', PATH: '/usr/local/bin:/usr/bin:/bin' });

describe('fatal errors', () => {
  it('reports the instruction-layer error first, with its lines and a hint', () => {
    const result = lintDockerfile('FROM alpine:3\nRUN echo a\n  apt-get install -y x\n');
    expect(result[0]).toMatchObject({
      severity: 'error',
      code: 'UnknownInstruction',
      message: 'dockerfile parse error on line 3: unknown instruction: apt-get',
      range: { start: { line: 3, column: 1 }, end: { line: 3, column: 23 } },
      source: 'buildkit',
    });
    expect(result[0]!.hint).toMatch(/backslash/);
  });

  it('reports a parser error without the line prefix', () => {
    const result = lintDockerfile('FROM a\nCMD ["a", 1]\n');
    expect(result[0]).toMatchObject({
      code: 'JsonNotStringArray',
      message: 'when using JSON array syntax, arrays must be comprised of strings only',
    });
  });

  it('reports an empty file as Docker does', () => {
    expect(lintDockerfile('')[0]!.message).toBe('the Dockerfile cannot be empty');
    expect(lintDockerfile('# just a comment\n')[0]!.message).toBe('file with no instructions');
  });

  it('reports a mount that would fail when the step runs', () => {
    const result = lintDockerfile('FROM alpine:3\nRUN --mount=type=cahce,target=/x true\n');
    expect(result[0]).toMatchObject({
      severity: 'error',
      code: 'InvalidMount',
      message: 'unsupported mount type "cahce" (did you mean cache?)',
    });
  });
});

describe('errors BuildKit raises while converting a stage', () => {
  const errors = (text: string) =>
    lintDockerfile(`FROM alpine:3.20\n${text}\n`)
      .filter((d) => d.severity === 'error')
      .map((d) => `${d.code}@${d.range.start.line}: ${d.message}`);

  it("reads EXPOSE with Docker's port-spec parser, in the client's words", () => {
    // The same texts `docker run -p <spec>` prints from the real client.
    expect(errors('EXPOSE abc')).toEqual(['InvalidPortSpec@2: invalid containerPort: abc']);
    expect(errors('EXPOSE 80/xyz')).toEqual(['InvalidPortSpec@2: invalid proto: xyz']);
    expect(errors('EXPOSE /udp')).toEqual(['InvalidPortSpec@2: no port specified: /udp<empty>']);
    expect(errors('EXPOSE 1.2.3:80:80')).toEqual(['InvalidPortSpec@2: invalid IP address: 1.2.3']);
    expect(errors('EXPOSE x:80')).toEqual(['InvalidPortSpec@2: invalid hostPort: x']);
    expect(errors('EXPOSE 65536 80')).toEqual(['InvalidPortSpec@2: invalid containerPort: 65536']);
    expect(errors('EXPOSE 90-80')).toEqual(['InvalidPortSpec@2: invalid containerPort: 90-80']);
    expect(errors('EXPOSE 8080-8081:90-95')).toEqual([
      'InvalidPortSpec@2: invalid ranges specified for container and host Ports: 90-95 and 8080-8081',
    ]);
    expect(errors('EXPOSE 0 65535 080 80/ 80/SCTP 53/udp 8000-8010 [::1]:80:80')).toEqual([]);
  });

  it('checks STOPSIGNAL after expanding it', () => {
    expect(errors('STOPSIGNAL SIGFOO')).toEqual(['InvalidSignal@2: invalid signal: SIGFOO']);
    expect(errors('STOPSIGNAL 0')).toEqual(['InvalidSignal@2: invalid signal: 0']);
    expect(errors('STOPSIGNAL sigterm\nSTOPSIGNAL 9\nSTOPSIGNAL RTMIN+3\nSTOPSIGNAL QUIT')).toEqual(
      [],
    );
    expect(errors('ARG SIG=KILL\nSTOPSIGNAL $SIG')).toEqual([]);
    const unset = lintDockerfile('FROM scratch\nSTOPSIGNAL $S\n').filter(
      (d) => d.severity === 'error',
    );
    expect(unset.map((d) => d.message)).toEqual(['invalid signal: ']);
  });

  it('allows ADD --checksum only for one remote source', () => {
    expect(errors('ADD --checksum=sha256:aa a.txt /a')).toEqual([
      'ChecksumSource@2: checksum requires HTTP(S) or Git sources',
    ]);
    expect(errors('ADD --checksum=sha256:aa https://e.com/a https://e.com/b /d/')).toEqual([
      "ChecksumSource@2: checksum can't be specified for multiple sources",
    ]);
    expect(errors('ADD --checksum=sha256:aa https://e.com/a.tgz /a')).toEqual([]);
  });

  it('stops at the first such error, as the conversion does', () => {
    expect(errors('EXPOSE abc\nSTOPSIGNAL FOO')).toEqual([
      'InvalidPortSpec@2: invalid containerPort: abc',
    ]);
  });
});

describe('BuildKit checks', () => {
  it('recommends JSON arguments for shell-form CMD and ENTRYPOINT', () => {
    const result = lintDockerfile('FROM alpine:3\nCMD node server.js\n');
    expect(find(result, 'JSONArgsRecommended')).toMatchObject({
      message:
        'JSON arguments recommended for CMD to prevent unintended behavior related to OS signals',
      url: 'https://docs.docker.com/go/dockerfile/rule/json-args-recommended/',
      range: { start: { line: 2 } },
    });
  });

  it('says a would-be JSON form with single quotes runs in a shell, and gives it in double quotes', () => {
    const single = find(
      lintDockerfile("FROM alpine:3\nCMD ['node', 'server.js']\n"),
      'ExecFormNotJson',
    );
    expect(single.message).toBe(
      "CMD ['node', 'server.js'] starts like the JSON form but is not valid JSON, so Docker runs the whole line with a shell.",
    );
    expect(single.hint).toBe('JSON takes only double quotes: `CMD ["node", "server.js"]`.');
    const noComma = find(lintDockerfile('FROM alpine:3\nCMD ["npm" "start"]\n'), 'ExecFormNotJson');
    expect(noComma.hint).toContain('commas between them');
    const unclosed = find(lintDockerfile('FROM alpine:3\nRUN ["echo", "hi"\n'), 'ExecFormNotJson');
    expect(unclosed.hint).toContain('a closing ]');
    const shellTest = lintDockerfile('FROM alpine:3\nRUN [ "$A" = b ] && echo ok\n');
    expect(codes(shellTest)).not.toContain('ExecFormNotJson');
  });

  it('says a RUN that starts a server never ends, and gives the CMD that starts it instead', () => {
    const server = find(
      lintDockerfile('FROM node:22-alpine\nRUN npm install && npm start\n'),
      'ServerInRun',
    );
    expect(server.message).toBe(
      '"npm start" starts a server, which keeps running, and the build waits for this RUN to end.',
    );
    expect(server.hint).toBe(
      'RUN is for building the image. Start the server when the container starts: `CMD ["npm", "start"]`.',
    );
    const background = lintDockerfile('FROM nginx:1\nRUN nginx & sleep 1 && curl localhost\n');
    expect(codes(background)).not.toContain('ServerInRun');
  });

  it("shows the JSON form of the learner's own command, when it needs no shell", () => {
    const simple = find(
      lintDockerfile('FROM alpine:3\nCMD node server.js\n'),
      'JSONArgsRecommended',
    );
    expect(simple.hint).toContain('`CMD ["node", "server.js"]`');
    const shell = find(lintDockerfile('FROM alpine:3\nCMD echo $HOME\n'), 'JSONArgsRecommended');
    expect(shell.hint).not.toContain('$HOME');
    expect(shell.hint).toBeTruthy();
    const maintainer = find(
      lintDockerfile('FROM alpine:3\nMAINTAINER Jane Doe <jane@example.com>\n'),
      'MaintainerDeprecated',
    );
    expect(maintainer.hint).toContain(
      '`LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"`',
    );
    const relative = find(lintDockerfile('FROM alpine:3\nWORKDIR app\n'), 'WorkdirRelativePath');
    expect(relative.hint).toContain('`WORKDIR /app`');
  });

  it('does not recommend JSON arguments after a custom SHELL', () => {
    const result = lintDockerfile('FROM alpine:3\nSHELL ["/bin/ash", "-c"]\nCMD run\n');
    expect(codes(result)).not.toContain('JSONArgsRecommended');
  });

  it('reports the earlier of two CMDs', () => {
    const result = lintDockerfile('FROM alpine:3\nCMD ["a"]\nCMD ["b"]\n');
    expect(find(result, 'MultipleInstructionsDisallowed').range.start.line).toBe(2);
  });

  it('reports the legacy ENV form, a relative first WORKDIR and secrets in ENV', () => {
    const result = lintDockerfile(
      'FROM alpine:3\nENV NODE_ENV production\nWORKDIR app\nENV API_TOKEN=x\n',
    );
    expect(find(result, 'LegacyKeyValueFormat').message).toBe(
      '"ENV key=value" should be used instead of legacy "ENV key value" format',
    );
    expect(find(result, 'WorkdirRelativePath').message).toBe(
      'Relative workdir "app" can have unexpected results if the base image changes',
    );
    expect(find(result, 'SecretsUsedInArgOrEnv').message).toBe(
      'Do not use ARG or ENV instructions for sensitive data (ENV "API_TOKEN")',
    );
  });

  it('does not treat public or file names as secrets', () => {
    const result = lintDockerfile('FROM alpine:3\nARG PUBLIC_KEY\nENV PASSWORD_FILE=/run/x\n');
    expect(codes(result)).not.toContain('SecretsUsedInArgOrEnv');
  });

  it('reports undefined variables with a suggestion when the base ENV is known', () => {
    const result = lintDockerfile('FROM node:22\nWORKDIR /app/$NODE_VERSIN\n', {
      baseImageEnv: nodeEnv,
    });
    expect(find(result, 'UndefinedVar').message).toBe(
      "Usage of undefined variable '$NODE_VERSIN' (did you mean $NODE_VERSION?)",
    );
  });

  it('stays silent about variables when the base ENV is unknown', () => {
    const result = lintDockerfile('FROM node:22\nWORKDIR /app/$NODE_VERSION\n');
    expect(codes(result)).not.toContain('UndefinedVar');
  });

  it('counts declared ARGs as defined even without a value', () => {
    const result = lintDockerfile('FROM scratch\nARG VERSION\nLABEL v=$VERSION\n');
    expect(codes(result)).not.toContain('UndefinedVar');
  });

  it('expands ENV with the values from before the instruction', () => {
    const result = lintDockerfile('FROM scratch\nENV A=1 B=$A\n');
    expect(find(result, 'UndefinedVar').message).toBe("Usage of undefined variable '$A'");
  });

  it('reports FROM arguments that were never declared', () => {
    const result = lintDockerfile('ARG VERSION=3\nFROM alpine:${VERSOIN}\n');
    expect(find(result, 'UndefinedArgInFrom').message).toBe(
      "FROM argument 'VERSOIN' is not declared (did you mean VERSION?)",
    );
  });

  it('reports a default ARG that leaves the base image name invalid', () => {
    const result = lintDockerfile('ARG TAG\nFROM alpine:${TAG}\n');
    expect(find(result, 'InvalidDefaultArgInFrom').message).toBe(
      'Default value for ARG alpine:${TAG} results in empty or invalid base image name',
    );
    expect(codes(lintDockerfile('ARG TAG=3\nFROM alpine:${TAG}\n'))).not.toContain(
      'InvalidDefaultArgInFrom',
    );
  });

  it('reports EXPOSE protocol casing and host mappings', () => {
    const result = lintDockerfile('FROM alpine:3\nEXPOSE 80/TCP 8080:80\n');
    expect(find(result, 'ExposeProtoCasing').message).toBe(
      "Defined protocol '80/TCP' in EXPOSE instruction should be lowercase",
    );
    expect(find(result, 'ExposeInvalidFormat').message).toBe(
      "EXPOSE instruction should not define an IP address or host-port mapping, found '8080:80'",
    );
  });

  it('reports platform flags that are redundant or constant', () => {
    const result = lintDockerfile(
      'FROM --platform=$TARGETPLATFORM alpine:3\nFROM --platform=linux/arm64 alpine:3 AS app\nFROM --platform=linux/arm64 alpine:3 AS app-arm64\n',
    );
    expect(find(result, 'RedundantTargetPlatform').message).toBe(
      'Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior',
    );
    expect(result.filter((d) => d.code === 'FromPlatformFlagConstDisallowed')).toHaveLength(1);
  });

  it('reports files excluded by .dockerignore, quoting the source path cleaned', () => {
    const result = lintDockerfile('FROM alpine:3\nCOPY ./secret.env /keys/../x.pem /app/\n', {
      dockerignore: (path) => path === 'secret.env' || path === 'x.pem',
    });
    expect(result.filter((d) => d.code === 'CopyIgnoredFile').map((d) => d.message)).toEqual([
      'Attempting to Copy file "secret.env" that is excluded by .dockerignore',
      'Attempting to Copy file "/x.pem" that is excluded by .dockerignore',
    ]);
  });

  it('reports an empty continuation line once', () => {
    const result = lintDockerfile('FROM alpine:3\nRUN a \\\n\n  b\n');
    expect(codes(result).filter((c) => c === 'NoEmptyContinuation')).toHaveLength(1);
  });

  it('honours # check=skip', () => {
    const text = '# check=skip=JSONArgsRecommended,FromAsCasing\nFROM alpine:3 as a\nCMD x\n';
    expect(codes(lintDockerfile(text))).toEqual([]);
    expect(lintDockerfile('# check=skip=all\nFROM alpine:3 as a\nCMD x\n')).toEqual([]);
  });

  it('runs experimental checks only when asked', () => {
    const text =
      '# check=experimental=InvalidDefinitionDescription\n\n# the version\nARG V=1\nFROM scratch\n';
    expect(find(lintDockerfile(text), 'InvalidDefinitionDescription').message).toBe(
      'Comment for ARG should follow the format: `# V <description>`',
    );
    expect(codes(lintDockerfile('# the version\nARG V=1\nFROM scratch\n'))).toEqual([]);
  });
});

describe('Dockyard beginner checks', () => {
  it('points out latest and missing tags', () => {
    const result = lintDockerfile('FROM node\nFROM python:latest\nFROM alpine:3.20\n');
    expect(result.map((d) => [d.code, d.source, d.range.start.line])).toEqual([
      ['BaseImageWithoutTag', 'dockyard', 1],
      ['BaseImageLatestTag', 'dockyard', 2],
    ]);
    expect(result[0]!.message).toContain('"node"');
    expect(result[0]!.hint).toBeTruthy();
  });

  it('does not flag scratch, earlier stages or variables', () => {
    const text = 'ARG IMG=alpine:3\nFROM ${IMG} AS base\nFROM base\nFROM scratch\n';
    expect(codes(lintDockerfile(text))).toEqual([]);
  });

  it('suggests COPY for ADD of local files only', () => {
    expect(codes(lintDockerfile('FROM alpine:3\nADD src /app/\n'))).toEqual(['AddWhereCopyWorks']);
    expect(codes(lintDockerfile('FROM alpine:3\nADD app.tar.gz /app/\n'))).toEqual([]);
    expect(codes(lintDockerfile('FROM alpine:3\nADD https://example.com/x /x\n'))).toEqual([]);
  });

  it('flags apt-get install without -y', () => {
    const result = lintDockerfile(
      'FROM debian:12\nRUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install curl\n',
    );
    expect(find(result, 'AptGetInstallWithoutYes').message).toBe(
      '"DEBIAN_FRONTEND=noninteractive apt-get install curl" asks for confirmation, and nobody can answer it during a build.',
    );
    for (const ok of ['-y', '--yes', '-qy', '-qq', '--assume-yes']) {
      const text = `FROM debian:12\nRUN apt-get install ${ok} curl\n`;
      expect(codes(lintDockerfile(text))).not.toContain('AptGetInstallWithoutYes');
    }
  });

  it('flags cd inside RUN, and a RUN that only changes directory', () => {
    expect(codes(lintDockerfile('FROM alpine:3\nRUN cd /src && make\n'))).toEqual(['CdInRun']);
    expect(find(lintDockerfile('FROM alpine:3\nRUN cd /src\n'), 'CdOnlyRun').severity).toBe(
      'warning',
    );
  });

  it('leaves shell-form CMD to BuildKit JSONArgsRecommended', () => {
    const result = lintDockerfile('FROM alpine:3\nCMD echo hi\n');
    expect(result.filter((d) => d.source === 'dockyard')).toEqual([]);
  });

  it('quotes the image in the tag hints', () => {
    const [withoutTag, latest] = lintDockerfile('FROM ghcr.io/acme/web\nFROM redis:latest\n');
    expect(withoutTag!.hint).toContain('`FROM ghcr.io/acme/web:<version>`');
    expect(latest!.hint).toContain('`FROM redis:<version>`');
  });

  it('shows the COPY that replaces an ADD', () => {
    const [add] = lintDockerfile('FROM alpine:3\nADD --chown=app src /app/\n');
    expect(add!.hint).toContain('`COPY --chown=app src /app/`');
  });

  it('puts -y into the apt-get command of the hint', () => {
    const result = lintDockerfile('FROM debian:12\nRUN apt-get install curl\n');
    expect(find(result, 'AptGetInstallWithoutYes').hint).toContain('`apt-get install -y curl`');
  });

  it('names the directory of a cd in the WORKDIR hint', () => {
    expect(find(lintDockerfile('FROM alpine:3\nRUN cd /srv/app\n'), 'CdOnlyRun').hint).toContain(
      '`WORKDIR /srv/app`',
    );
  });

  it('flags apt lists kept in the layer, unless removed in the same RUN or cached', () => {
    const kept = lintDockerfile('FROM debian:12\nRUN apt-get update && apt-get install -y curl\n');
    expect(find(kept, 'AptListsNotCleaned')).toMatchObject({
      severity: 'info',
      source: 'dockyard',
      message:
        '"apt-get update" downloads apt\'s package lists, and this RUN leaves them in the image (/var/lib/apt/lists).',
      range: { start: { line: 2 } },
    });
    const cleaned =
      'FROM debian:12\nRUN apt-get update && apt-get install -y curl \\\n && rm -rf /var/lib/apt/lists/*\n';
    expect(codes(lintDockerfile(cleaned))).not.toContain('AptListsNotCleaned');
    const cached =
      'FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y curl\n';
    expect(codes(lintDockerfile(cached))).not.toContain('AptListsNotCleaned');
    const later =
      'FROM debian:12\nRUN apt-get update && apt-get install -y curl\nCOPY a /a\nRUN rm -rf /var/lib/apt/lists/*\n';
    expect(codes(lintDockerfile(later))).toContain('AptListsNotCleaned');
  });

  it('reads apt options before the subcommand and leaves shell keywords out of the message', () => {
    const before = 'FROM debian:13\nRUN apt-get -y -q install curl && apt --yes install git\n';
    expect(codes(lintDockerfile(before))).not.toContain('AptGetInstallWithoutYes');
    const branch = 'FROM debian:13\nRUN if true; then apt-get install curl; fi\n';
    expect(find(lintDockerfile(branch), 'AptGetInstallWithoutYes').message).toMatch(
      /^"apt-get install curl" asks/,
    );
  });

  it('knows that apt-get -s only simulates and that dist-clean removes the lists', () => {
    const simulate = 'FROM debian:13\nRUN if apt-get install -s foo > /dev/null 2>&1; then :; fi\n';
    expect(codes(lintDockerfile(simulate))).not.toContain('AptGetInstallWithoutYes');
    const distClean = 'FROM debian:13\nRUN apt-get install --update -y curl; apt-get dist-clean\n';
    expect(codes(lintDockerfile(distClean))).not.toContain('AptListsNotCleaned');
    const clean =
      'FROM debian:13\nRUN apt-get update && apt-get install -y curl && apt-get clean\n';
    expect(codes(lintDockerfile(clean))).toContain('AptListsNotCleaned');
    const update = 'FROM debian:13\nRUN apt-get install --update -y curl\n';
    expect(find(lintDockerfile(update), 'AptListsNotCleaned').message).toMatch(
      /^"apt-get install --update -y curl" downloads/,
    );
    const noUpdate = 'FROM debian:13\nRUN apt-get install -y curl\n';
    expect(codes(lintDockerfile(noUpdate))).not.toContain('AptListsNotCleaned');
  });

  it('flags RUNs in a row that could be one, and shows them joined', () => {
    const result = lintDockerfile(
      'FROM debian:12\nRUN apt-get update\nRUN make\nRUN make install\n',
    );
    const runs = result.filter((d) => d.code === 'ConsecutiveRunInstructions');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      message:
        '3 RUN instructions in a row (lines 2-4) each add a layer and are cached separately.',
      range: { start: { line: 2 }, end: { line: 4 } },
    });
    expect(runs[0]!.hint).toContain('`RUN apt-get update && make && make install`');
  });

  it('gives no joined example when a cd would carry over', () => {
    const [runs] = lintDockerfile('FROM alpine:3\nRUN cd /src && make\nRUN make install\n').filter(
      (d) => d.code === 'ConsecutiveRunInstructions',
    );
    expect(runs!.hint).not.toContain('RUN cd');
  });

  it('does not join RUNs separated by another instruction or with different options', () => {
    expect(codes(lintDockerfile('FROM alpine:3\nRUN a\nWORKDIR /x\nRUN b\n'))).not.toContain(
      'ConsecutiveRunInstructions',
    );
    expect(codes(lintDockerfile('FROM alpine:3\nRUN a\nRUN --network=none b\n'))).not.toContain(
      'ConsecutiveRunInstructions',
    );
  });

  it('flags COPY of the whole context before a dependency install', () => {
    const result = lintDockerfile('FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci\n');
    expect(find(result, 'CopyAllBeforeInstall')).toMatchObject({
      message:
        '"COPY . ." copies the whole build context before "npm ci" (line 4), so changing any file reruns the install.',
      range: { start: { line: 3 } },
    });
    expect(find(result, 'CopyAllBeforeInstall').hint).toContain(
      '`COPY package*.json ./`, then `RUN npm ci`, then `COPY . .`',
    );
    const pip = lintDockerfile(
      'FROM python:3.13\nCOPY . /src/\nRUN pip install --no-cache-dir -r requirements.txt\n',
    );
    expect(find(pip, 'CopyAllBeforeInstall').hint).toContain('`COPY requirements.txt /src/`');
  });

  it('does not flag installs that come first or do not read the context', () => {
    const right = 'FROM node:22\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n';
    expect(codes(lintDockerfile(right))).not.toContain('CopyAllBeforeInstall');
    const global = 'FROM node:22\nCOPY . .\nRUN npm install -g http-server\n';
    expect(codes(lintDockerfile(global))).not.toContain('CopyAllBeforeInstall');
    const named = 'FROM python:3.13\nCOPY . .\nRUN pip install flask\n';
    expect(codes(lintDockerfile(named))).not.toContain('CopyAllBeforeInstall');
  });

  it('flags an EXPOSE that the known server does not listen on', () => {
    const result = lintDockerfile(
      'FROM node:22\nRUN npm install -g http-server\nEXPOSE 3000\nCMD ["http-server", "-p", "8080"]\n',
    );
    expect(find(result, 'ExposedPortNotListening')).toMatchObject({
      severity: 'warning',
      message: 'EXPOSE 3000 documents port 3000, but "http-server -p 8080" listens on port 8080.',
      range: { start: { line: 3 } },
    });
    expect(find(result, 'ExposedPortNotListening').hint).toContain('`EXPOSE 8080`');
  });

  it('knows the default ports of http-server, python -m http.server and nginx', () => {
    const port = (text: string) =>
      lintDockerfile(text).find((d) => d.code === 'ExposedPortNotListening')?.message;
    expect(port('FROM node:22\nEXPOSE 80\nCMD ["http-server"]\n')).toContain('port 8080.');
    expect(
      port('FROM node:22\nEXPOSE 80\nCMD ["npx", "http-server", "--port", "9000"]\n'),
    ).toContain('port 9000.');
    expect(port('FROM python:3.13\nEXPOSE 80\nCMD ["python3", "-m", "http.server"]\n')).toContain(
      'port 8000.',
    );
    expect(
      port('FROM python:3.13\nEXPOSE 80\nCMD python -m http.server --bind 0.0.0.0 9001\n'),
    ).toContain('port 9001.');
    expect(port('FROM nginx:1.27\nEXPOSE 8080\n')).toContain('"nginx" listens on port 80.');
  });

  it('reads the port from an exec ENTRYPOINT and a CMD set before or after it', () => {
    const port = (text: string) =>
      lintDockerfile(text).find((d) => d.code === 'ExposedPortNotListening')?.message;
    expect(
      port('FROM node:22\nEXPOSE 80\nCMD ["-p", "3000"]\nENTRYPOINT ["http-server"]\n'),
    ).toContain('listens on port 3000.');
    expect(
      port('FROM node:22\nEXPOSE 80\nENTRYPOINT ["http-server"]\nCMD ["-p", "3000"]\n'),
    ).toContain('listens on port 3000.');
    expect(
      port('FROM node:22\nEXPOSE 80\nENTRYPOINT http-server -p 81\nCMD ["-p", "3000"]\n'),
    ).toContain('listens on port 81.');
  });

  it('stays silent when the ports agree or the port cannot be read', () => {
    const silent = [
      'FROM node:22\nEXPOSE 8080\nCMD ["http-server", "-p", "8080"]\n',
      'FROM node:22\nEXPOSE 8080/tcp\nCMD http-server\n',
      'FROM node:22\nEXPOSE 3000\nCMD ["node", "server.js"]\n',
      'FROM node:22\nEXPOSE 3000\nCMD ["http-server", "-p", "$PORT"]\n',
      'FROM node:22\nENV PORT=3000\nEXPOSE 3000\nCMD ["http-server"]\n',
      'FROM nginx:1.27\nCOPY site.conf /etc/nginx/conf.d/default.conf\nEXPOSE 8080\n',
      'FROM python:3.13\nEXPOSE 8000-8010\nCMD ["python", "-m", "http.server", "8005"]\n',
      'FROM python:3.13\nEXPOSE 53/udp\nCMD ["python", "-m", "http.server"]\n',
    ];
    for (const text of silent) {
      expect(codes(lintDockerfile(text)), text).not.toContain('ExposedPortNotListening');
    }
  });
});

describe('# check=error=true', () => {
  it('is exposed on the report with BuildKit failure text naming each rule once', () => {
    const report = lintDockerfileReport(
      '# check=error=true\nFROM alpine:3 as base\nCMD a\nCMD b\n',
    );
    expect(report.errorOnWarning).toBe(true);
    expect(report.checkLine).toBe(1);
    expect(report.violation).toBe(
      'lint violation found for rules: FromAsCasing, JSONArgsRecommended, MultipleInstructionsDisallowed',
    );
  });

  it('names the rules in sorted order, not in the order they fired, as BuildKit does', () => {
    const report = lintDockerfileReport(
      '# check=error=true\nFROM alpine:3\nCMD a\nMAINTAINER x\nENV A 1\n',
    );
    expect(report.violation).toBe(
      'lint violation found for rules: JSONArgsRecommended, LegacyKeyValueFormat, MaintainerDeprecated',
    );
  });

  it('gives no violation without error=true, or when only beginner checks fired', () => {
    expect(lintDockerfileReport('FROM alpine:3 as base\n')).toMatchObject({
      errorOnWarning: false,
    });
    expect(lintDockerfileReport('FROM alpine:3 as base\n').violation).toBeUndefined();
    const beginnerOnly = lintDockerfileReport('# check=error=true\nFROM node\n');
    expect(beginnerOnly.errorOnWarning).toBe(true);
    expect(beginnerOnly.violation).toBeUndefined();
    expect(codes(beginnerOnly.diagnostics)).toEqual(['BaseImageWithoutTag']);
  });

  it('leaves skipped rules out of the violation', () => {
    const report = lintDockerfileReport(
      '# check=error=true;skip=JSONArgsRecommended\nFROM alpine:3\nCMD a\n',
    );
    expect(report.violation).toBeUndefined();
  });
});
