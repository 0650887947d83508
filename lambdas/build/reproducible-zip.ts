import { type ZipOptions, zipSync } from "fflate";

/**
 * The same files give the same bytes, whoever builds them and when, so Terraform's
 * source_code_hash (and Lambda's CodeSha256) change only when the code does:
 *   - every entry dated 1980-01-01 00:00, the earliest date a zip can hold;
 *   - entries sorted by path, files only (no directory entries, whose order tools vary);
 *   - Unix permissions rw-r--r-- for every file (Lambda needs them world-readable; nothing in a
 *     package needs the execute bit, as Node loads .node and .so files without it);
 *   - one compression level.
 */
const UNIX = 3;
const REGULAR_FILE_RW_R_R = 0o100644;

/**
 * fflate writes the DOS date from the Date's local fields, so the date is made from local fields
 * when zipping, in the zone then in force: a fixed instant reads as 1979 in zones west of where it was made.
 */
function entryOptions(): ZipOptions {
  return { level: 6, mtime: new Date(1980, 0, 1, 0, 0, 0), os: UNIX, attrs: REGULAR_FILE_RW_R_R << 16 };
}

/** `files`: path in the zip ("a/b.js", forward slashes, no leading slash) → contents. */
export function reproducibleZip(files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const paths = [...files.keys()].sort(comparePaths);
  const options = entryOptions();
  const entries: Record<string, [Uint8Array, ZipOptions]> = {};
  for (const path of paths) {
    if (path.startsWith("/") || path.includes("\\") || path.split("/").includes("..")) {
      throw new Error(`zip entry "${path}" must be a relative path with forward slashes`);
    }
    entries[path] = [files.get(path)!, options];
  }
  // Object keys keep insertion order except integer-like ones, which no path here is ("a.js", "a/b").
  if (paths.some((path) => /^\d+$/.test(path))) throw new Error("zip entry names must not be bare numbers");
  return zipSync(entries, options);
}

/** By code unit, the same everywhere (localeCompare depends on the machine's locale). */
function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
