/**
 * "Did you mean" by edit distance, as BuildKit suggests names: a candidate qualifies at a
 * Levenshtein distance below 3, an exact match means "no suggestion", and among equally close
 * candidates the alphabetically first wins (BuildKit's own pick among ties is random).
 */

export function suggestName(
  value: string,
  candidates: readonly string[],
  caseSensitive: boolean,
): string | undefined {
  if (value === '') {
    return undefined;
  }
  const wanted = caseSensitive ? value : value.toLowerCase();
  const sorted = [...candidates].map((c) => (caseSensitive ? c : c.toLowerCase())).sort();
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of sorted) {
    if (candidate === wanted) {
      return undefined;
    }
    const distance = levenshtein(candidate, wanted);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return best;
}

/** Edit distance over code points (insert, delete and substitute all cost 1). */
export function levenshtein(a: string, b: string): number {
  const left = Array.from(a);
  const right = Array.from(b);
  let previous = Array.from({ length: right.length + 1 }, (_, i) => i);
  for (let i = 1; i <= left.length; i++) {
    const current = [i];
    for (let j = 1; j <= right.length; j++) {
      const cost = left[i - 1] === right[j - 1] ? 0 : 1;
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost));
    }
    previous = current;
  }
  return previous[right.length]!;
}
