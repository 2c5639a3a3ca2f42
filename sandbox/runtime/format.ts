/** Docker's human-readable units for durations and sizes, as its CLI tables print them. */

/**
 * Go's `units.HumanDuration`: `Less than a second`, `5 seconds`, `About a minute`, `3 weeks`.
 * Seconds and minutes are truncated; hours are rounded, as there.
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.trunc(ms / 3_600_000 + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(ms / 3_600_000 / 24 / 365)} years`;
}

/** A number as Go's `%.3g` (or `%.4g`) prints it: `8.31`, `134`, `1.1`, and `1e+03` for 1000. */
function goSignificant(value: number, digits: number): string {
  const text = value.toPrecision(digits);
  const exponent = /^(-?[\d.]+)e([+-])(\d+)$/.exec(text);
  if (exponent) {
    const mantissa = exponent[1]!.includes('.') ? exponent[1]!.replace(/\.?0+$/, '') : exponent[1]!;
    return `${mantissa}e${exponent[2]}${exponent[3]!.padStart(2, '0')}`;
  }
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** Go's `units.HumanSizeWithPrecision(size, 3)`: `1.12GB`, `134MB`, `8.31MB`, `388B`. */
export function humanSize(bytes: number, precision = 3): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${goSignificant(value, precision)}${units[unit]}`;
}

/** Go's `units.HumanSize` (four significant digits): `12.35MB`, as pull progress prints sizes. */
export function humanSizePrecise(bytes: number): string {
  return humanSize(bytes, 4);
}

/**
 * Lays out rows the way Docker's tabwriter does: each column as wide as its widest cell plus 3
 * spaces, and never narrower than 10.
 */
export function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) => {
          if (i === row.length - 1) return cell;
          return cell + ' '.repeat(Math.max(10, widths[i]! + 3) - [...cell].length);
        })
        .join(''),
    )
    .join('\n');
}

/** RFC 3339 with nanoseconds, as `docker inspect` prints times. */
export function inspectTime(ms: number): string {
  if (ms === 0) return '0001-01-01T00:00:00Z';
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}
