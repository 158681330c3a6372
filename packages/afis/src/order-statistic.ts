/**
 * The k-th smallest (0-based) of `values`, the element a full ascending sort would put at index k, in
 * linear expected time: a percentile of the extractor's cell contrasts, or the cut of a search's
 * shortlist among 100,000 identities, does not need the whole ordering. NaN sorts
 * last in a typed-array sort and breaks the partition comparisons, so arrays holding NaN are sorted, as
 * are the rare inputs on which partitioning stops making progress (bounding the work on any input).
 */
export function kthSmallest(values: Float32Array | Float64Array, k: number): number {
  const work = values.slice();
  // A loop, because `some` with a callback costs more than the selection itself.
  for (let i = 0; i < work.length; i++) if (Number.isNaN(work[i])) return work.sort()[k]!;
  let low = 0;
  let high = work.length - 1;
  let budget = 4 * work.length + 64;
  while (high > low) {
    if (budget < 0) return work.sort()[k]!;
    budget -= high - low + 1;
    const pivot = medianOfThree(work[low]!, work[(low + high) >> 1]!, work[high]!);
    // Hoare partition: afterwards [low, j] ≤ pivot ≤ [i, high].
    let i = low;
    let j = high;
    while (i <= j) {
      while (work[i]! < pivot) i++;
      while (work[j]! > pivot) j--;
      if (i <= j) {
        const swap = work[i]!;
        work[i++] = work[j]!;
        work[j--] = swap;
      }
    }
    if (k <= j) high = j;
    else if (k >= i) low = i;
    else return work[k]!;
  }
  return work[k]!;
}

function medianOfThree(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}
