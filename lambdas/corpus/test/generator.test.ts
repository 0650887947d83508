import { readFile } from "node:fs/promises";
import { detectInputFormat, sanitizeFilename } from "@darkroom/image-record";
import { beforeAll, describe, expect, it } from "vitest";
import { createUploadSchema } from "../../api/src/dto/create-upload.dto.ts";
import { BUILDERS, type CorpusFileName } from "../builders.ts";
import { buildCorpusFiles, type Corpus, ensureCorpus, sha256 } from "../corpus.ts";
import { EXPECTATIONS } from "../expectations.ts";
import { SIZE_LIMIT_BYTES } from "../files/builder.ts";
import { FILE_CLAIMS } from "./support/file-claims.ts";

/** The generator on its own: what it writes, not yet what the processor makes of it. */

let corpus: Corpus;
const files = new Map<CorpusFileName, Buffer>();

beforeAll(async () => {
  corpus = await ensureCorpus();
  for (const file of corpus.files) files.set(file.name, await readFile(file.path));
}, 300_000);

const fileOf = (name: CorpusFileName): Buffer => {
  const file = files.get(name);
  if (!file) throw new Error(`${name} is not in the corpus`);
  return file;
};

describe("the hostile-input corpus", () => {
  it("has at least 25 files, each with one expectation, named as an upload key keeps them", () => {
    const names = corpus.files.map((f) => f.name);
    expect(names.length).toBeGreaterThanOrEqual(25);
    expect(names).toEqual(Object.keys(BUILDERS));
    expect(EXPECTATIONS.map((e) => e.name).sort()).toEqual([...names].sort());
    for (const name of names) expect(sanitizeFilename(name)).toBe(name);
  });

  it("is the same bytes every run: a fresh build matches the stored corpus", async () => {
    const fresh = await buildCorpusFiles();
    const hashes = (list: [string, string][]) => Object.fromEntries(list);
    expect(hashes([...fresh].map(([name, bytes]) => [name, sha256(bytes)]))).toEqual(
      hashes(corpus.files.map((f) => [f.name, f.sha256])),
    );
  }, 300_000);

  it("is reused while the generator has not changed", async () => {
    expect((await ensureCorpus()).dir).toBe(corpus.dir);
  });

  it("has the format its expectation names: the bytes' own, or none for the refused", () => {
    for (const { name, expected } of EXPECTATIONS) {
      const detected = detectInputFormat(fileOf(name));
      if (expected.status === "PROCESSED") expect(detected, name).toBe(expected.format);
      if (expected.status === "FAILED" && expected.code === "UNSUPPORTED_FORMAT")
        expect(detected, name).toBeNull();
      if (expected.status === "FAILED" && expected.code !== "UNSUPPORTED_FORMAT")
        expect(detected, name).not.toBeNull();
    }
  });

  it("declares to the API what its validation accepts, and goes direct only where it refuses", () => {
    const schema = createUploadSchema(SIZE_LIMIT_BYTES);
    for (const { name, contentType, route, declaredBytes } of EXPECTATIONS) {
      const declared = { fileName: name, contentType, bytes: declaredBytes ?? fileOf(name).length };
      expect(schema.safeParse(declared).success, name).toBe(route !== "direct");
    }
  });

  it("is listed in README.md, each file with its expected outcome", async () => {
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
    for (const { name, expected } of EXPECTATIONS) {
      const row = readme.split("\n").find((line) => line.startsWith(`| \`${name}\` |`));
      expect(row, name).toBeDefined();
      expect(row, name).toContain(expected.status === "FAILED" ? `FAILED \`${expected.code}\`` : "PROCESSED");
    }
  });

  it.each(Object.keys(FILE_CLAIMS) as CorpusFileName[])("%s is what it claims to be", async (name) => {
    await FILE_CLAIMS[name](fileOf(name));
  });
});
