/**
 * Bounds a pagination loop: `for (const _ of boundedPages(n)) { ...; if (done) break; }`. A listing
 * that is still truncated after `n` pages fails the test instead of looping forever.
 */
export function* boundedPages(limit: number): Generator<number, never> {
  for (let page = 0; page < limit; page++) yield page;
  throw new Error(`the listing was still truncated after ${limit} pages`);
}
