import { div, type Exact, whole } from "./exact.ts";

/** AWS bills storage and transfer per GB of 2^30 bytes (its "GB" is a GiB). */
export const BYTES_PER_GB = 2 ** 30;

/** Lambda's GB-seconds: MB ÷ 1,024 gives GB, as the Lambda pricing page's examples compute it. */
export const MB_PER_GB = 1024;

export function gigabytes(bytes: Exact): Exact {
  return div(bytes, whole(BYTES_PER_GB));
}
