/**
 * "Did you mean" by edit distance, as BuildKit suggests names: a candidate qualifies at a
 * Levenshtein distance below 3, an exact match means "no suggestion", and among equally close
 * candidates BuildKit picks at random. We pick deterministically: first the candidate that is
 * closer when swapping two neighbouring letters counts as one edit (so `chwon` gives `chown`, not
 * `chmod`), then the alphabetically first.
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
  if (sorted.includes(wanted)) {
    return undefined;
  }
  let best: string | undefined;
  let bestDistance = 3;
  let bestSwapDistance = Infinity;
  for (const candidate of sorted) {
    const distance = levenshtein(candidate, wanted, false);
    if (distance >= 3 || distance > bestDistance) {
      continue;
    }
    const swapDistance = levenshtein(candidate, wanted, true);
    if (distance < bestDistance || swapDistance < bestSwapDistance) {
      bestDistance = distance;
      bestSwapDistance = swapDistance;
      best = candidate;
    }
  }
  return best;
}

/**
 * Edit distance over code points (insert, delete and substitute all cost 1). With `swaps`, a
 * swap of two neighbouring characters also costs 1 (optimal string alignment distance).
 */
export function levenshtein(a: string, b: string, swaps = false): number {
  const left = Array.from(a);
  const right = Array.from(b);
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: right.length + 1 }, (_, i) => i);
  for (let i = 1; i <= left.length; i++) {
    const current = [i];
    for (let j = 1; j <= right.length; j++) {
      const cost = left[i - 1] === right[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (swaps && i > 1 && j > 1 && left[i - 1] === right[j - 2] && left[i - 2] === right[j - 1]) {
        best = Math.min(best, beforePrevious[j - 2]! + 1);
      }
      current.push(best);
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[right.length]!;
}
