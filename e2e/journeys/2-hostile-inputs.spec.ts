import { readFile } from "node:fs/promises";
import { ensureCorpus } from "../../lambdas/corpus/corpus.ts";
import { EXPECTATIONS } from "../../lambdas/corpus/expectations.ts";
import { imageDetail } from "../support/admin-api.ts";
import {
  type DroppedFile,
  dropOnConsole,
  galleryCell,
  openImages,
  recordUploads,
  uploadItem,
} from "../support/console.ts";
import { expect, test } from "../support/fixtures.ts";

/** Corpus files whose first bytes say "image": the console passes them on, the processor must refuse them. */
const TO_PROCESSOR = [
  "truncated.jpg",
  "png-bad-crc.png",
  "zero-by-zero.png",
  "png-ihdr-over-pixel-limit.png",
  "png-bomb-50000x50000.png",
  "jpeg-sof-65500x65500.jpg",
  "bmp-header-100000x100000.bmp",
];
/** Corpus files the console refuses before any upload, with what it tells the user. */
const TO_BROWSER: Record<string, RegExp> = {
  "empty.jpg": /^The file is empty\.$/,
  "text-named.jpg": /^Not an image Darkroom can read/,
  "svg-script.svg": /^SVG is not accepted/,
};

/** The processor's hostile corpus (npm run corpus:generate), as the files a user could drop. */
async function corpusFiles(names: string[]): Promise<{ file: DroppedFile; code: string }[]> {
  const corpus = await ensureCorpus();
  return Promise.all(
    names.map(async (name) => {
      const entry = EXPECTATIONS.find((expectation) => expectation.name === name);
      const path = corpus.files.find((file) => file.name === name)?.path;
      if (!entry || !path) throw new Error(`${name} is not in the hostile corpus`);
      const code = entry.expected.status === "FAILED" ? entry.expected.code : "PROCESSED";
      return { file: { name, type: entry.contentType, bytes: await readFile(path) }, code };
    }),
  );
}

test("a sample of the hostile corpus dropped on the console ends FAILED with the processor's reasons, and the success-rate alarm's alert reaches the Alerts page", async ({
  page,
  context,
  admin,
}) => {
  const toProcessor = await corpusFiles(TO_PROCESSOR);
  const toBrowser = await corpusFiles(Object.keys(TO_BROWSER));
  expect(toProcessor.every(({ code }) => code !== "PROCESSED")).toBe(true);

  // The inbox is open in another tab, as someone on call keeps it.
  const inbox = await context.newPage();
  await inbox.goto("/alerts");
  await expect(inbox.getByText("Live: new alerts appear here.")).toBeVisible();

  await openImages(page);
  const ids = recordUploads(page);
  await dropOnConsole(
    page,
    [...toProcessor, ...toBrowser].map(({ file }) => file),
  );

  for (const [name, reason] of Object.entries(TO_BROWSER)) {
    const item = uploadItem(page, name);
    await expect(item.locator("[data-state]")).toHaveText("Rejected");
    await expect(item.getByRole("alert")).toHaveText(reason);
  }
  for (const { file, code } of toProcessor) {
    await expect(uploadItem(page, file.name).locator("[data-state]")).toHaveText("Uploaded");
    const cell = galleryCell(page, file.name);
    await expect(cell.locator("[data-status]")).toHaveText("FAILED", { timeout: 120_000 });
    await expect(cell).toContainText(code);
  }
  // What the console showed is the record: the processor's code, in one attempt, and no variant.
  for (const { file, code } of toProcessor) {
    const detail = await imageDetail(admin, ids.get(file.name)!);
    const record = detail.record;
    expect({
      name: file.name,
      status: record.status,
      code: record.status === "FAILED" ? record.failure.code : undefined,
      attempts: record.attempts,
      variants: detail.variants.length,
    }).toEqual({ name: file.name, status: "FAILED", code, attempts: 1, variants: 0 });
  }
  expect(ids.size, "uploads the console asked for").toBe(toProcessor.length);

  // Fewer than 90 % of a period's images succeeded: the alarm's notification arrives live.
  const alert = inbox.getByTestId("alert").filter({ hasText: "darkroom-low-success-rate" }).first();
  await expect(alert).toBeVisible();
  await expect(alert.locator('[data-state="ALARM"]')).toBeVisible();

  // The Alarms page has the transition in the alarm's history.
  await page.goto("/alarms");
  const alarm = page.locator('[data-alarm="darkroom-low-success-rate"]');
  await alarm.getByRole("button", { name: "History" }).click();
  await expect(alarm.getByRole("listitem").filter({ hasText: "to ALARM" }).first()).toBeVisible();
});
