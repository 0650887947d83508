import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { NOTES_MARKER } from "./report.ts";

/** The repository's BENCHMARKS.md, which the benches write their results into. */
export const BENCHMARKS_MD = fileURLToPath(new URL("../../BENCHMARKS.md", import.meta.url));

function readBenchmarks(): string {
  try {
    return readFileSync(BENCHMARKS_MD, "utf8");
  } catch {
    return "";
  }
}

/**
 * The hand-written tail after NOTES_MARKER, which `bench:emulator` keeps when it rewrites the file;
 * without its leading blank lines, which would otherwise grow by one on every run.
 */
export function previousNotes(): string {
  const text = readBenchmarks();
  const at = text.indexOf(NOTES_MARKER);
  return at < 0 ? "" : text.slice(at + NOTES_MARKER.length).replace(/^\n+/, "");
}

/**
 * Puts `body` between `<!-- begin <name> -->` and `<!-- end <name> -->`, replacing what a
 * previous run wrote there, or appends the pair at the end of the file. Sections live after
 * NOTES_MARKER, so `bench:emulator`, which rewrites everything above it, keeps them.
 */
export function writeSection(name: string, body: string): void {
  const begin = `<!-- begin ${name}: generated, rerun the bench to refresh -->`;
  const end = `<!-- end ${name} -->`;
  const block = `${begin}\n${body.trim()}\n${end}`;
  const text = readBenchmarks();
  const from = text.indexOf(begin);
  const to = text.indexOf(end, from);
  const next =
    from >= 0 && to >= 0
      ? text.slice(0, from) + block + text.slice(to + end.length)
      : `${text.trimEnd()}\n${text.includes(NOTES_MARKER) ? "" : NOTES_MARKER}\n${block}\n`;
  writeFileSync(BENCHMARKS_MD, next);
}
