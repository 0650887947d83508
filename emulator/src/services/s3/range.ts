import { s3Errors } from "./errors.ts";

/** An inclusive byte range, as Content-Range reports it. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Parses a single "bytes=" range. S3 ignores what it cannot use (multiple ranges,
 * other units, garbage) and serves the whole object; an unsatisfiable range is 416.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return null;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    // A suffix of an empty object, or an empty suffix, has no byte to serve.
    if (suffix === 0 || size === 0) throw s3Errors.invalidRange(size, header);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== "" && Number(m[2]) < start) return null;
  if (start >= size) throw s3Errors.invalidRange(size, header);
  return { start, end };
}
