import { compareUtf8 } from "../../state/table.ts";

/** One listing entry: an object key, or a CommonPrefix standing for every key under it. */
export type KeyListItem = { key: string } | { commonPrefix: string };

export interface KeyWalk {
  /** Only keys starting with this. */
  prefix: string;
  /** "" for none: with one, keys holding it after the prefix roll up into CommonPrefixes. */
  delimiter: string;
  /** Start strictly after this key (marker, start-after, continuation token); "" for the start. */
  after: string;
  /** Whether a key is listed (a key whose current version is a delete marker is not). */
  include: (key: string) => boolean;
}

/** The first index whose key is not below `target` (or, with `strict`, is above it). */
function searchFrom(keys: readonly string[], target: string, strict: boolean): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareUtf8(keys[mid]!, target);
    if (c < 0 || (strict && c === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Keys sharing a prefix are contiguous in sorted order, so the end of the run is a binary search too. */
function endOfRun(keys: readonly string[], prefix: string, from: number): number {
  let lo = from;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]!.startsWith(prefix)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Walks S3's listing order over `keys` (sorted in UTF-8 order) lazily, so that a page
 * costs O(page × log n) however large the bucket: the start is found by binary search,
 * and each CommonPrefix skips the keys under it the same way.
 *
 * A CommonPrefix the `after` marker lies inside (or equals) was already returned by the
 * page that ended there, so it is skipped, as S3 does when resuming from a marker.
 */
export function* walkKeys(keys: readonly string[], walk: KeyWalk): Generator<KeyListItem> {
  const { prefix, delimiter, after, include } = walk;
  let i = Math.max(searchFrom(keys, prefix, false), after === "" ? 0 : searchFrom(keys, after, true));
  while (i < keys.length) {
    const key = keys[i]!;
    if (!key.startsWith(prefix)) return;
    const at = delimiter === "" ? -1 : key.indexOf(delimiter, prefix.length);
    if (at < 0) {
      if (include(key)) yield { key };
      i += 1;
      continue;
    }
    const commonPrefix = key.slice(0, at + delimiter.length);
    const end = endOfRun(keys, commonPrefix, i);
    if (!after.startsWith(commonPrefix) && anyIncluded(keys, i, end, include)) yield { commonPrefix };
    i = end;
  }
}

function anyIncluded(
  keys: readonly string[],
  from: number,
  to: number,
  include: (key: string) => boolean,
): boolean {
  for (let j = from; j < to; j++) if (include(keys[j]!)) return true;
  return false;
}
