import { join } from "node:path";
import { expect, test } from "@playwright/test";
import sharp from "sharp";
import { dropFiles, fixtureFile } from "../support/drop-files.ts";

/** The Lambdas' test photographs (CC0, attribution in lambdas/test-fixtures/LICENSE.md). */
const FIXTURES = join(import.meta.dirname, "..", "..", "..", "..", "lambdas", "test-fixtures");
const DROP_ZONE = '[data-testid="drop-zone"]';

test.describe("uploading on the Images page", () => {
  test("chelsea.png dropped on the page shows its progress, PROCESSED without a reload, then its variants and boxed labels", async ({
    page,
  }) => {
    const streams: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).pathname === "/api/events") streams.push(request.url());
    });
    await page.goto("/images");
    // Signed in automatically on localhost: the backend handed over its token.
    await expect(page.getByRole("heading", { name: "Images", exact: true })).toBeVisible();
    await page.evaluate(() => {
      (globalThis as { stillHere?: boolean }).stillHere = true;
    });

    await dropFiles(page, DROP_ZONE, [fixtureFile(join(FIXTURES, "chelsea.png"), "image/png")]);

    const upload = page.getByTestId("upload-item").filter({ hasText: "chelsea.png" });
    await expect(upload.getByRole("progressbar", { name: /Upload of chelsea\.png/ })).toBeVisible();
    await expect(upload.locator("[data-state]")).toHaveText("Uploaded");

    const cell = page.getByRole("link", { name: /^chelsea\.png / });
    await expect(cell).toBeVisible();
    await expect(cell.locator("[data-status]")).toHaveText("PROCESSED", { timeout: 90_000 });
    await expect(cell.locator("img")).toHaveJSProperty("complete", true);
    expect(
      await cell.locator("img").evaluate((img) => (img as { naturalWidth?: number }).naturalWidth),
    ).toBeGreaterThan(0);
    // The same document all along: the status arrived live, over the event stream.
    expect(await page.evaluate(() => (globalThis as { stillHere?: boolean }).stillHere)).toBe(true);
    expect(streams.length).toBeGreaterThan(0);

    // Its detail: the five variants with their sizes, and the cat the model saw, boxed.
    await cell.click();
    await expect(page.getByRole("heading", { name: "chelsea.png", level: 1 })).toBeVisible();
    const rows = page.getByTestId("variant-row");
    await expect(rows).toHaveCount(5);
    for (const name of ["thumbnail", "low", "compressed", "webp", "png"]) {
      await expect(rows.filter({ has: page.getByRole("rowheader", { name, exact: true }) })).toContainText(
        /\d+(\.\d)? kB/,
      );
    }
    await expect(
      page.getByRole("list", { name: "Labels" }).getByRole("link", { name: /^Cat \d/ }),
    ).toBeVisible();
    const box = page.locator('[data-testid="label-box"][data-label="Cat"]').first();
    await expect(box).toBeVisible();
    const frame = await page.locator("figure img").boundingBox();
    const drawn = await box.boundingBox();
    expect(frame && drawn).toBeTruthy();
    // Drawn over the image, inside it.
    expect(drawn!.x).toBeGreaterThanOrEqual(frame!.x - 2);
    expect(drawn!.y).toBeGreaterThanOrEqual(frame!.y - 2);
    expect(drawn!.x + drawn!.width).toBeLessThanOrEqual(frame!.x + frame!.width + 2);
    expect(drawn!.y + drawn!.height).toBeLessThanOrEqual(frame!.y + frame!.height + 2);
  });

  test("a text file and a file over the size limit are refused in the browser, before any upload", async ({
    page,
  }) => {
    const uploadRequests: string[] = [];
    page.on("request", (request) => {
      if (request.url().endsWith("/api/uploads")) uploadRequests.push(request.url());
    });
    await page.goto("/images");
    await expect(page.getByRole("heading", { name: "Images", exact: true })).toBeVisible();

    // A real PNG header padded past 5 MiB, so only its size is wrong.
    const png = fixtureFile(join(FIXTURES, "coffee.png"), "image/png");
    const large = new Uint8Array(6 * 1024 * 1024);
    large.set(png.bytes.subarray(0, 64));
    await dropFiles(page, DROP_ZONE, [
      { name: "notes.txt", type: "text/plain", bytes: new TextEncoder().encode("not a picture\n") },
      { name: "huge.png", type: "image/png", bytes: large },
    ]);

    const text = page.getByTestId("upload-item").filter({ hasText: "notes.txt" });
    await expect(text.locator("[data-state]")).toHaveText("Rejected");
    await expect(text.getByRole("alert")).toHaveText(/Not an image \(text\/plain\)/);
    const huge = page.getByTestId("upload-item").filter({ hasText: "huge.png" });
    await expect(huge.locator("[data-state]")).toHaveText("Rejected");
    await expect(huge.getByRole("alert")).toHaveText("Too large: 6 MiB, the limit is 5 MiB.");
    expect(uploadRequests).toEqual([]);
  });

  test("a corrupt JPEG passes the browser's checks, uploads, then shows FAILED with its reason", async ({
    page,
  }) => {
    // A real JPEG cut short: its first bytes say JPEG, its scan data ends early.
    const jpeg = await sharp(fixtureFile(join(FIXTURES, "coffee.png"), "image/png").bytes)
      .jpeg()
      .toBuffer();
    await page.goto("/images");
    await expect(page.getByRole("heading", { name: "Images", exact: true })).toBeVisible();
    await dropFiles(page, DROP_ZONE, [
      { name: "broken.jpg", type: "image/jpeg", bytes: jpeg.subarray(0, 2_000) },
    ]);

    const upload = page.getByTestId("upload-item").filter({ hasText: "broken.jpg" });
    await expect(upload.locator("[data-state]")).toHaveText("Uploaded");
    const cell = page.getByRole("link", { name: /^broken\.jpg / });
    await expect(cell.locator("[data-status]")).toHaveText("FAILED", { timeout: 90_000 });
    await expect(cell).toContainText("CORRUPT");

    await cell.click();
    await expect(page.getByRole("heading", { name: "broken.jpg", level: 1 })).toBeVisible();
    await expect(page.getByRole("alert").filter({ hasText: "CORRUPT" })).toBeVisible();
  });
});
