import { describe, expect, it } from 'vitest';
import { humanDuration, humanSize, inspectTime, table } from './format.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Expected texts follow go-units' HumanDuration: whole seconds and minutes are truncated,
// hours are rounded.
describe('humanDuration', () => {
  it.each([
    [0, 'Less than a second'],
    [400, 'Less than a second'],
    [999, 'Less than a second'],
    [1500, '1 second'],
    [59_600, '59 seconds'],
    [90 * SECOND, 'About a minute'],
    [119 * SECOND, 'About a minute'],
    [1 * SECOND, '1 second'],
    [2 * SECOND, '2 seconds'],
    [59 * SECOND, '59 seconds'],
    [60 * SECOND, 'About a minute'],
    [2 * MINUTE, '2 minutes'],
    [59 * MINUTE, '59 minutes'],
    [60 * MINUTE, 'About an hour'],
    [89 * MINUTE, 'About an hour'],
    [90 * MINUTE, '2 hours'],
    [47 * HOUR, '47 hours'],
    [48 * HOUR, '2 days'],
    [13 * DAY, '13 days'],
    [14 * DAY, '2 weeks'],
    [59 * DAY, '8 weeks'],
    [60 * DAY, '2 months'],
    [729 * DAY, '24 months'],
    [730 * DAY, '2 years'],
  ])('describes %i ms as %j', (ms, expected) => {
    expect(humanDuration(ms)).toBe(expected);
  });
});

// Expected texts follow go-units' HumanSizeWithPrecision(size, 3): `%.3g` after dividing by 1000.
describe('humanSize', () => {
  it.each([
    [0, '0B'],
    [388, '388B'],
    [999, '999B'],
    [1000, '1kB'],
    [1840, '1.84kB'],
    [8_310_000, '8.31MB'],
    [8_314_999, '8.31MB'],
    [134_000_000, '134MB'],
    [134_400_000, '134MB'],
    [1_100_000_000, '1.1GB'],
    [1_120_000_000, '1.12GB'],
    [1_124_000_000, '1.12GB'],
    [1_000_000_000_000, '1TB'],
    [999_674_558, '1e+03MB'],
    [999_999, '1e+03kB'],
  ])('prints %i bytes as %j', (bytes, expected) => {
    expect(humanSize(bytes)).toBe(expected);
  });
});

// Docker's tables come from tabwriter with minwidth 10, padding 3.
describe('table', () => {
  it('pads each column to its widest cell plus three spaces', () => {
    expect(
      table([
        ['REPOSITORY', 'TAG', 'IMAGE ID'],
        ['node', 'latest', 'abc'],
      ]),
    ).toBe(['REPOSITORY   TAG       IMAGE ID', 'node         latest    abc'].join('\n'));
  });

  it('never makes a column narrower than ten characters', () => {
    expect(
      table([
        ['a', 'b'],
        ['c', 'd'],
      ]),
    ).toBe('a         b\nc         d');
  });

  it('leaves the last column unpadded', () => {
    expect(
      table([
        ['DRIVER', 'VOLUME NAME'],
        ['local', 'data'],
      ]).split('\n'),
    ).toEqual(['DRIVER    VOLUME NAME', 'local     data']);
  });

  it('counts characters, not UTF-16 units, for the width', () => {
    expect(
      table([
        ['“x…”', 'y'],
        ['z', 'w'],
      ]),
    ).toBe('“x…”      y\nz         w');
  });
});

describe('inspectTime', () => {
  it.each([
    [0, '0001-01-01T00:00:00Z'],
    [Date.parse('2026-12-04T10:00:00.123Z'), '2026-12-04T10:00:00.123000000Z'],
  ])('prints %i as %j', (ms, expected) => {
    expect(inspectTime(ms)).toBe(expected);
  });
});
