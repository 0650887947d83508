import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { z } from "zod";
import { BUILDERS, type CorpusFileName } from "./builders.ts";

/** This folder: its code and sources make the corpus, so their hash names it. */
const CORPUS_CODE_DIR = fileURLToPath(new URL("./", import.meta.url));
/** Git-ignored with all of .darkroom. */
export const DEFAULT_CORPUS_ROOT = fileURLToPath(new URL("../../.darkroom/corpus/", import.meta.url));
export const MANIFEST_FILE = "manifest.json";

export interface CorpusFile {
  name: CorpusFileName;
  path: string;
  bytes: number;
  sha256: string;
}

export interface Corpus {
  /** The generator's hash: the folder's name under the corpus root. */
  hash: string;
  dir: string;
  files: CorpusFile[];
}

const manifestSchema = z.object({
  hash: z.string(),
  files: z.array(z.object({ name: z.string(), bytes: z.number(), sha256: z.string() })),
});

const sha256 = (bytes: Buffer | string): string => createHash("sha256").update(bytes).digest("hex");

/** Every file under the corpus code folder except its tests and README, sorted. */
async function generatorFiles(): Promise<string[]> {
  const entries = await readdir(CORPUS_CODE_DIR, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(CORPUS_CODE_DIR, join(e.parentPath, e.name)))
    .filter((path) => !path.startsWith("test/") && path !== "README.md")
    .sort();
}

/**
 * The hash of what makes the corpus: the generator's code and sources, and the encoders it runs
 * (libvips and zlib versions). Any change names a new folder, so a stale corpus is never reused.
 */
export async function generatorHash(): Promise<string> {
  const hash = createHash("sha256");
  hash.update(JSON.stringify({ sharp: sharp.versions, zlib: process.versions.zlib }));
  for (const path of await generatorFiles()) {
    hash.update(`\0${path}\0`);
    hash.update(await readFile(join(CORPUS_CODE_DIR, path)));
  }
  return hash.digest("hex").slice(0, 16);
}

/** Builds every file in memory, one at a time (the machine is shared), in BUILDERS order. */
export async function buildCorpusFiles(): Promise<Map<CorpusFileName, Buffer>> {
  const files = new Map<CorpusFileName, Buffer>();
  for (const [name, build] of Object.entries(BUILDERS) as [CorpusFileName, () => Promise<Buffer>][]) {
    files.set(name, await build());
  }
  return files;
}

async function readCorpus(root: string, hash: string): Promise<Corpus | null> {
  const dir = join(root, hash);
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), "utf8");
  } catch {
    return null;
  }
  const manifest = manifestSchema.parse(JSON.parse(text));
  const files = manifest.files.map((f) => ({
    ...f,
    name: f.name as CorpusFileName,
    path: join(dir, f.name),
  }));
  return { hash, dir, files };
}

/**
 * The corpus under `root`/<generator hash>/, generated when that folder is missing. It is written
 * to a temporary folder and renamed into place with its manifest last, so test workers that ask
 * at the same time never see half a corpus; the one that loses the rename uses the winner's.
 */
export async function ensureCorpus(root = DEFAULT_CORPUS_ROOT): Promise<Corpus> {
  const hash = await generatorHash();
  const cached = await readCorpus(root, hash);
  if (cached) return cached;
  const staging = join(root, `${hash}.staging-${process.pid}-${Date.now()}`);
  await mkdir(staging, { recursive: true });
  const files = await buildCorpusFiles();
  const manifest = { hash, files: [] as { name: string; bytes: number; sha256: string }[] };
  for (const [name, bytes] of files) {
    await writeFile(join(staging, name), bytes);
    manifest.files.push({ name, bytes: bytes.length, sha256: sha256(bytes) });
  }
  await writeFile(join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  try {
    await rename(staging, join(root, hash));
  } catch {
    // Another process put the same corpus there first.
    await rm(staging, { recursive: true, force: true });
  }
  const written = await readCorpus(root, hash);
  if (!written) throw new Error(`the corpus in ${join(root, hash)} has no ${MANIFEST_FILE}`);
  return written;
}

/** Removes corpora made by other versions of the generator (and abandoned staging folders). */
export async function pruneCorpora(root: string, keep: string): Promise<string[]> {
  const removed: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== keep) {
      await rm(join(root, entry.name), { recursive: true, force: true });
      removed.push(entry.name);
    }
  }
  return removed;
}

export { sha256 };
