import { invalidParam } from "./errors.ts";

/** SNS pages lists 100 at a time. */
export const PAGE_SIZE = 100;

/**
 * One page of `items` (sorted by `keyOf`) after the item NextToken names. The token is the
 * last key returned, so deletions between pages skip nothing.
 */
export function page<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  token: string | undefined,
): { items: T[]; nextToken?: string } {
  let start = 0;
  if (token !== undefined) {
    const after = decode(token);
    start = items.findIndex((item) => keyOf(item) > after);
    if (start < 0) start = items.length;
  }
  const slice = items.slice(start, start + PAGE_SIZE);
  if (start + PAGE_SIZE >= items.length) return { items: slice };
  return { items: slice, nextToken: Buffer.from(keyOf(slice.at(-1)!), "utf8").toString("base64url") };
}

function decode(token: string): string {
  const key = Buffer.from(token, "base64url").toString("utf8");
  if (token === "" || !key.startsWith("arn:")) throw invalidParam("NextToken");
  return key;
}
