import { readFile } from "node:fs/promises";
import type { ImageRecord } from "@darkroom/image-record";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { buildLambdas } from "../../build/build-lambdas.ts";
import { deployDarkroom } from "../../test/support/deploy.ts";
import { waitFor } from "../../test/support/wait-for.ts";
import { type Corpus, ensureCorpus } from "../corpus.ts";
import { type CorpusExpectation, EXPECTATIONS, type ExpectedOutcome } from "../expectations.ts";
import { CorpusStack } from "./support/corpus-stack.ts";
import { failedEvents, functionLogLines, reportLines } from "./support/function-health.ts";
import { checkVariants } from "./support/variant-checks.ts";

/**
 * Every corpus file through the real processor: the zips `npm run build:lambdas` makes, deployed
 * to the emulator, triggered by S3. One file at a time (each waits for its record), so a slow
 * file cannot starve the next of CPU on a small machine and end in a timeout of our making.
 */

/** The processor's timeout is 60 s; a record must be final well before twice that. */
const FINAL_STATE_DEADLINE_MS = 120_000;

let corpus: Corpus;
let stack: CorpusStack;

beforeAll(async () => {
  corpus = await ensureCorpus();
  await buildLambdas();
  stack = new CorpusStack(await deployDarkroom(inject("emulatorUrl")));
}, 600_000);

function describeOutcome(expected: ExpectedOutcome): string {
  return expected.status === "FAILED" ? `FAILED ${expected.code}` : "PROCESSED";
}

/** Puts the file where the processor sees it, declared through the API unless it goes direct. */
async function upload(entry: CorpusExpectation): Promise<string> {
  const file = corpus.files.find((f) => f.name === entry.name);
  if (!file) throw new Error(`${entry.name} is not in the corpus`);
  const bytes = await readFile(file.path);
  const target =
    entry.route === "direct"
      ? stack.undeclaredKey(entry.name)
      : await stack.declareUpload(entry.name, entry.contentType, entry.declaredBytes ?? bytes.length);
  await stack.put(target.key, bytes, entry.contentType);
  return target.imageId;
}

function finalRecord(imageId: string, name: string): Promise<ImageRecord> {
  return waitFor(
    `${name} (${imageId}) to be PROCESSED or FAILED`,
    async () => {
      const record = await stack.record(imageId);
      return record?.status === "PROCESSED" || record?.status === "FAILED" ? record : undefined;
    },
    { timeoutMs: FINAL_STATE_DEADLINE_MS, intervalMs: 300 },
  );
}

describe("the hostile-input corpus, through the deployed processor", () => {
  for (const entry of EXPECTATIONS) {
    const { name, expected } = entry;
    it(
      `${name} ends ${describeOutcome(expected)}`,
      async () => {
        const imageId = await upload(entry);
        const record = await finalRecord(imageId, name);
        // One attempt: nothing crashed, timed out or was retried on the way.
        expect(record.attempts).toBe(1);
        if (expected.status === "FAILED") {
          expect(record.status === "FAILED" ? record.failure.code : record.status).toBe(expected.code);
          expect(await stack.variantKeys(imageId), "variants of a FAILED image").toEqual([]);
          return;
        }
        expect(record.status === "FAILED" ? record.failure : record.status).toBe("PROCESSED");
        if (record.status !== "PROCESSED") return;
        expect({ format: record.format, width: record.width, height: record.height }).toEqual({
          format: expected.format,
          ...expected.original,
        });
        if (expected.orientation !== undefined) expect(record.orientation).toBe(expected.orientation);
        await checkVariants(stack, record, expected);
      },
      FINAL_STATE_DEADLINE_MS + 60_000,
    );
  }

  it("left no invocation timed out or crashed, and no event given up", async () => {
    const { name } = stack.stack.processor;
    // One REPORT line an invocation; the last may reach the log group just after its record.
    const reports = await waitFor(
      `a REPORT line for each of ${EXPECTATIONS.length} invocations`,
      async () => {
        const lines = reportLines(await functionLogLines(stack.stack.endpoint, name));
        return lines.length >= EXPECTATIONS.length ? lines : undefined;
      },
      { timeoutMs: 30_000 },
    );
    // The platform adds "Status: timeout" or "Status: error" and "Error Type: Runtime.*" when it ends one.
    expect(reports.filter((line) => /Status:|Error Type:/.test(line))).toEqual([]);
    expect(await failedEvents(stack.stack.endpoint, name)).toEqual([]);
  });
});
