import { describe, expect, it } from 'vitest';
import {
  BuildProgress,
  renderExcerpt,
  renderNotes,
  renderPlain,
  renderTty,
  renderWarnings,
  transferSize,
  ttyFrames,
} from './progress.ts';

/** A progress recorder on a clock the test moves by hand. */
function recorder() {
  let now = 1_000_000;
  const progress = new BuildProgress(() => now);
  return { progress, tick: (ms: number) => (now += ms) };
}

describe('renderPlain', () => {
  it("prints BuildKit's plain blocks: header, numbered vertices, statuses, logs and outcomes", () => {
    const { progress, tick } = recorder();
    const definition = progress.start('[internal] load build definition from Dockerfile');
    progress.status(definition, 'transferring dockerfile: 214B');
    progress.done(definition);
    const workdir = progress.start('[2/3] WORKDIR /app');
    progress.cached(workdir);
    const run = progress.start('[3/3] RUN npm ci');
    tick(512);
    progress.log(run, 'added 10 packages\n');
    tick(12_000);
    progress.log(run, 'done\n');
    tick(1_788);
    progress.done(run);

    expect(renderPlain(progress)).toBe(
      [
        '#0 building with "default" instance using docker driver',
        '',
        '#1 [internal] load build definition from Dockerfile',
        '#1 transferring dockerfile: 214B done',
        '#1 DONE 0.0s',
        '',
        '#2 [2/3] WORKDIR /app',
        '#2 CACHED',
        '',
        '#3 [3/3] RUN npm ci',
        '#3 0.512 added 10 packages',
        '#3 12.51 done',
        '#3 DONE 14.3s',
        '',
      ].join('\n'),
    );
  });

  it('ends a failed vertex with its error', () => {
    const { progress } = recorder();
    const run = progress.start('[2/2] RUN foo');
    progress.log(run, '/bin/sh: 1: foo: not found\n');
    progress.fail(run, 'process "/bin/sh -c foo" did not complete successfully: exit code: 127');
    expect(renderPlain(progress).split('\n').slice(2, 5)).toEqual([
      '#1 [2/2] RUN foo',
      '#1 0.000 /bin/sh: 1: foo: not found',
      '#1 ERROR: process "/bin/sh -c foo" did not complete successfully: exit code: 127',
    ]);
  });

  it('uses one decimal less for log times from 100 seconds on', () => {
    const { progress, tick } = recorder();
    const run = progress.start('[1/1] RUN x');
    tick(123_456);
    progress.log(run, 'late');
    expect(renderPlain(progress)).toContain('#1 123.5 late\n');
  });

  it('splits a multi-line log chunk into one line each', () => {
    const { progress } = recorder();
    const run = progress.start('[1/1] RUN x');
    progress.log(run, 'a\nb\n');
    expect(run.logs.map((line) => line.text)).toEqual(['a', 'b']);
  });
});

describe('renderExcerpt', () => {
  const file = Array.from({ length: 53 }, (_, i) => `LINE ${i + 1}`).join('\n');

  it('shows two lines either side of a one-line error, with >>> on the error', () => {
    expect(renderExcerpt('Dockerfile', 'FROM node\nRUN foo\n', 2, 2)).toBe(
      [
        'Dockerfile:2',
        '--------------------',
        '   1 |     FROM node',
        '   2 | >>> RUN foo',
        '   3 |     ',
        '--------------------',
      ].join('\n'),
    );
  });

  it('cuts the context at the end of the file without moving it to the other side', () => {
    expect(renderExcerpt('Dockerfile', file, 52, 52).split('\n').slice(2, -1)).toEqual([
      '  50 |     LINE 50',
      '  51 |     LINE 51',
      '  52 | >>> LINE 52',
      '  53 |     LINE 53',
    ]);
  });

  it('shows one line either side of a multi-line range', () => {
    expect(renderExcerpt('app.Dockerfile', file, 10, 12).split('\n')).toEqual([
      'app.Dockerfile:10',
      '--------------------',
      '   9 |     LINE 9',
      '  10 | >>> LINE 10',
      '  11 | >>> LINE 11',
      '  12 | >>> LINE 12',
      '  13 |     LINE 13',
      '--------------------',
    ]);
  });
});

describe('renderWarnings', () => {
  it('prints nothing without warnings', () => {
    expect(renderWarnings([], false)).toBe('');
  });

  it('says "1 warning found" for one and gives its line', () => {
    expect(
      renderWarnings([{ rule: 'JSONArgsRecommended', message: 'JSON arguments recommended', line: 7 }], false),
    ).toBe(
      ' 1 warning found (use docker --debug to expand):\n - JSONArgsRecommended: JSON arguments recommended (line 7)',
    );
  });

  it('counts several warnings and leaves out the line of a whole-file one', () => {
    expect(
      renderWarnings(
        [
          { rule: 'A', message: 'a', line: 1 },
          { rule: 'B', message: 'b' },
        ],
        false,
      ).split('\n'),
    ).toEqual([' 2 warnings found (use docker --debug to expand):', ' - A: a (line 1)', ' - B: b']);
  });
});

describe('transferSize', () => {
  it.each([
    [2, '2B'],
    [999, '999B'],
    [1840, '1.84kB'],
    [3_620_000, '3.62MB'],
    [1_000_000, '1.00MB'],
  ])('prints %i bytes as %j', (bytes, expected) => {
    expect(transferSize(bytes)).toBe(expected);
  });
});

describe('ttyFrames', () => {
  it('draws one frame per started vertex, that vertex still running, then the final frame', () => {
    const { progress, tick } = recorder();
    const definition = progress.start('[internal] load build definition from Dockerfile');
    progress.status(definition, 'transferring dockerfile: 32B');
    progress.done(definition);
    const run = progress.start('[2/2] RUN make');
    tick(1500);
    progress.done(run);

    const frames = ttyFrames(progress, 80);
    expect(frames).toHaveLength(3);
    expect(frames[0]!.split('\n')[0]).toMatch(/^\[\+\] Building 0\.0s \(0\/1\) +docker:default$/);
    expect(frames[0]).not.toContain('transferring dockerfile');
    expect(frames[1]!.split('\n')[0]).toMatch(/^\[\+\] Building 0\.0s \(1\/2\) +docker:default$/);
    expect(frames[1]).toContain('transferring dockerfile: 32B');
    expect(frames[1]).toContain(' => [2/2] RUN make');
    expect(frames[1]).not.toContain('FINISHED');
    expect(frames[2]).toBe(renderTty(progress, 80, true));
    expect(frames[2]!.split('\n')[0]).toMatch(/^\[\+\] Building 1\.5s \(2\/2\) FINISHED +docker:default$/);
  });
});

describe('renderNotes', () => {
  it('prefixes every note so it cannot pass for Docker output', () => {
    expect(renderNotes(['one', 'two'], 'Dockyard (not Docker output): ', false)).toBe(
      'Dockyard (not Docker output): one\nDockyard (not Docker output): two',
    );
    expect(renderNotes([], 'x', false)).toBe('');
  });
});

describe('ttyFrames while a step logs', () => {
  it('grows the running step log frame by frame, uncoloured until the step ends', () => {
    const { progress, tick } = recorder();
    const run = progress.start('[2/2] RUN npm ci');
    for (const line of ['one', 'two', 'three']) {
      tick(100);
      progress.log(run, `${line}\n`);
    }
    progress.done(run);
    const frames = ttyFrames(progress, 80);
    expect(frames).toHaveLength(5);
    expect(frames.slice(0, 4).map((frame) => frame.match(/ => => # /g)?.length ?? 0)).toEqual([
      0, 1, 2, 3,
    ]);
    expect(frames[1]).toContain('\n => [2/2] RUN npm ci');
    expect(frames[4]).toContain('\x1b[34m => [2/2] RUN npm ci');
    expect(frames[4]).not.toContain(' => => # ');
  });
});

describe('check warnings on the Dockerfile step', () => {
  it('prints WARN lines in plain mode and WARN rows in tty mode', () => {
    const { progress } = recorder();
    const definition = progress.start('[internal] load build definition from Dockerfile');
    const warning = { rule: 'JSONArgsRecommended', message: 'JSON arguments recommended', line: 3 };
    progress.warn(definition, warning);
    progress.done(definition);
    expect(renderPlain(progress)).toContain(
      '#1 WARN: JSONArgsRecommended: JSON arguments recommended (line 3)\n#1 DONE 0.0s',
    );
    expect(renderTty(progress, 80, true)).toContain(
      '\x1b[33m => WARN: JSONArgsRecommended: JSON arguments recommended (line 3)\x1b[0m',
    );
  });
});
