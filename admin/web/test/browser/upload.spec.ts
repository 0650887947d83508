import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import sharp from "sharp";
import { dropFiles, fixtureFile } from "../support/drop-files.ts";

/** The Lambdas' test photographs (CC0, attribution in lambdas/test-fixtures/LICENSE.md). */
const FIXTURES = join(import.meta.dirname, "..", "..", "..", "..", "lambdas", "test-fixtures");
const DROP_ZONE = '[data-testid="drop-zone"]';

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Opens an image's detail from the gallery: its five variants with their sizes, the label's chip,
 * and the label's first box drawn inside the picture. Answers where both are on screen.
 */
async function expectLabelled(
  page: Page,
  fileName: string,
  label: string,
): Promise<{ image: Rect; box: Rect }> {
  await page.getByRole("link", { name: new RegExp(`^${fileName.replace(".", "\\.")} `) }).click();
  await expect(page.getByRole("heading", { name: fileName, level: 1 })).toBeVisible();
  const rows = page.getByTestId("variant-row");
  await expect(rows).toHaveCount(5);
  for (const name of ["thumbnail", "low", "compressed", "webp", "png"]) {
    await expect(rows.filter({ has: page.getByRole("rowheader", { name, exact: true }) })).toContainText(
      /\d+(\.\d)? kB/,
    );
  }
  await expect(
    page.getByRole("list", { name: "Labels" }).getByRole("link", { name: new RegExp(`^${label} \\d`) }),
  ).toBeVisible();
  const box = page.locator(`[data-testid="label-box"][data-label="${label}"]`).first();
  await expect(box).toBeVisible();
  const image = await page.locator("figure img").boundingBox();
  const drawn = await box.boundingBox();
  if (!image || !drawn) throw new Error(`no box for ${label} on ${fileName}`);
  // Drawn over the image, inside it.
  expect(drawn.x).toBeGreaterThanOrEqual(image.x - 2);
  expect(drawn.y).toBeGreaterThanOrEqual(image.y - 2);
  expect(drawn.x + drawn.width).toBeLessThanOrEqual(image.x + image.width + 2);
  expect(drawn.y + drawn.height).toBeLessThanOrEqual(image.y + image.height + 2);
  return { image, box: drawn };
}

test.describe("uploading on the Images page", () => {
  test("chelsea.png and coffee.png dropped together show their progress, PROCESSED without a reload, then their variants and boxed labels", async ({
    page,
  }, testInfo) => {
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

    await dropFiles(page, DROP_ZONE, [
      fixtureFile(join(FIXTURES, "chelsea.png"), "image/png"),
      fixtureFile(join(FIXTURES, "coffee.png"), "image/png"),
    ]);

    for (const name of ["chelsea.png", "coffee.png"]) {
      const upload = page.getByTestId("upload-item").filter({ hasText: name });
      await expect(upload.getByRole("progressbar", { name: `Upload of ${name}` })).toBeVisible();
      await expect(upload.locator("[data-state]")).toHaveText("Uploaded");
    }
    for (const name of ["chelsea.png", "coffee.png"]) {
      const cell = page.getByRole("link", { name: new RegExp(`^${name.replace(".", "\\.")} `) });
      await expect(cell).toBeVisible();
      await expect(cell.locator("[data-status]")).toHaveText("PROCESSED", { timeout: 90_000 });
      await expect(cell.locator("img")).toHaveJSProperty("complete", true);
      expect(
        await cell.locator("img").evaluate((img) => (img as { naturalWidth?: number }).naturalWidth),
      ).toBeGreaterThan(0);
    }
    // The same document all along: the statuses arrived live, over the event stream.
    expect(await page.evaluate(() => (globalThis as { stillHere?: boolean }).stillHere)).toBe(true);
    expect(streams.length).toBeGreaterThan(0);
    // Listed afresh, a processed cell carries its placeholder (ThumbHash over the dominant colour) behind the thumbnail.
    await page.reload();
    const frame = page.getByRole("link", { name: /^coffee\.png / }).locator(".frame");
    await expect(frame).toHaveAttribute(
      "style",
      /background-color: rgb\(\d+, \d+, \d+\); background-image: url\("data:image\/png;base64,/,
    );

    await expectLabelled(page, "chelsea.png", "Cat");
    await page.screenshot({ path: testInfo.outputPath("image-detail-chelsea.png"), fullPage: true });
    await page.goto("/images");
    await expectLabelled(page, "coffee.png", "Cup");
    await page.screenshot({ path: testInfo.outputPath("image-detail-coffee.png"), fullPage: true });
  });

  test("a photograph stored sideways with EXIF orientation 6 shows upright, the cat's box where the cat is", async ({
    page,
  }) => {
    // chelsea (451x300) in the top-left corner of a 1000x700 canvas, so a box drawn in the
    // wrong frame (the stored pixels, not the picture as shown) lands in another corner.
    const canvas = { width: 1000, height: 700 };
    const cat = { left: 40, top: 40, width: 451, height: 300 };
    const upright = await sharp({ create: { ...canvas, channels: 3, background: "#d8d4cc" } })
      .composite([
        { input: Buffer.from(fixtureFile(join(FIXTURES, "chelsea.png"), "image/png").bytes), ...cat },
      ])
      .png()
      .toBuffer();
    // Its pixels turned a quarter anticlockwise, with the tag that tells viewers to turn them back.
    const sideways = await sharp(upright)
      .rotate(-90)
      .jpeg({ quality: 90 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    await page.goto("/images");
    await dropFiles(page, DROP_ZONE, [{ name: "cat-corner-exif6.jpg", type: "image/jpeg", bytes: sideways }]);
    const cell = page.getByRole("link", { name: /^cat-corner-exif6\.jpg / });
    await expect(cell.locator("[data-status]")).toHaveText("PROCESSED", { timeout: 90_000 });
    const { image, box } = await expectLabelled(page, "cat-corner-exif6.jpg", "Cat");
    // Shown upright: as wide as the canvas is, not as tall.
    expect(image.width / image.height).toBeCloseTo(canvas.width / canvas.height, 1);
    // The box, relative to the picture as shown, lies on the cat (3% slack) and covers most of it.
    const left = (box.x - image.x) / image.width;
    const top = (box.y - image.y) / image.height;
    const right = left + box.width / image.width;
    const bottom = top + box.height / image.height;
    expect(left).toBeGreaterThan(cat.left / canvas.width - 0.03);
    expect(top).toBeGreaterThan(cat.top / canvas.height - 0.03);
    expect(right).toBeLessThan((cat.left + cat.width) / canvas.width + 0.03);
    expect(bottom).toBeLessThan((cat.top + cat.height) / canvas.height + 0.03);
    expect((right - left) * (bottom - top)).toBeGreaterThan(
      (0.6 * cat.width * cat.height) / (canvas.width * canvas.height),
    );
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
    // The test stack is deployed with a 4 MiB limit (console-stack.ts), which the page learnt from the backend.
    await expect(huge.getByRole("alert")).toHaveText("Too large: 6 MiB, the limit is 4 MiB.");
    await expect(page.getByTestId("drop-zone")).toContainText("up to 4 MiB each");
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
