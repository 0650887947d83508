import { vi } from "vitest";

/**
 * Captures what the process prints (Powertools writes JSON logs and EMF blobs to stdout) as
 * non-empty lines, into the returned array; `vi.restoreAllMocks()` stops it.
 */
export function capturePrintedLines(): string[] {
  const printed: string[] = [];
  const capture = (chunk: unknown) => {
    printed.push(
      ...String(chunk)
        .split("\n")
        .filter((line) => line.trim() !== ""),
    );
    return true;
  };
  vi.spyOn(process.stdout, "write").mockImplementation(capture);
  vi.spyOn(process.stderr, "write").mockImplementation(capture);
  return printed;
}
