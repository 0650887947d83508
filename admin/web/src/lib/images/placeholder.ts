import type { Placeholder } from "@darkroom/image-record";
import { thumbHashToDataURL } from "thumbhash";

/** Decoded placeholders by hash: a scrolled-back cell does not decode its ThumbHash again. */
const cache = new Map<string, string>();
const CACHE_LIMIT = 2000;

/** The record's ThumbHash (base64) as a PNG data URL of a few hundred bytes; undefined if unreadable. */
export function placeholderUrl(placeholder: Placeholder): string | undefined {
  const known = cache.get(placeholder.data);
  if (known) return known;
  try {
    const bytes = Uint8Array.from(atob(placeholder.data), (char) => char.charCodeAt(0));
    const url = thumbHashToDataURL(bytes);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(placeholder.data, url);
    return url;
  } catch {
    return undefined;
  }
}
