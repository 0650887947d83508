import { validationError } from "../../protocol/aws-error.ts";

const DEFAULT_MAX_ITEMS = 100;
const MARKER_PREFIX = "darkroom:";

export interface Page<T> {
  items: T[];
  IsTruncated: boolean;
  /** Present only when IsTruncated, as in IAM. */
  Marker?: string;
}

/** IAM's Marker/MaxItems paging over a list in a stable order; the marker is an opaque offset. */
export function paginate<T>(
  all: readonly T[],
  marker: string | undefined,
  maxItems: number | undefined,
): Page<T> {
  const start = marker === undefined ? 0 : decodeMarker(marker);
  const end = start + (maxItems ?? DEFAULT_MAX_ITEMS);
  const items = all.slice(start, end);
  if (end >= all.length) return { items, IsTruncated: false };
  return { items, IsTruncated: true, Marker: Buffer.from(`${MARKER_PREFIX}${end}`).toString("base64") };
}

function decodeMarker(marker: string): number {
  const text = Buffer.from(marker, "base64").toString("utf8");
  const offset = text.startsWith(MARKER_PREFIX) ? Number(text.slice(MARKER_PREFIX.length)) : Number.NaN;
  if (!Number.isSafeInteger(offset) || offset < 0) throw validationError("Invalid Marker.");
  return offset;
}
