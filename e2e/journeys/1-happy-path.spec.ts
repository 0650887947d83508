import sharp from "sharp";
import { imageDetail } from "../support/admin-api.ts";
import { dropOnConsole, galleryCell, openImages, recordUploads, uploadItem } from "../support/console.ts";
import { expect, test } from "../support/fixtures.ts";
import { coffeeHeic, type Photo, photoAs, photoPng, SUBJECT } from "../support/photos.ts";
import { expectedVariants, readVariants } from "../support/variants.ts";

interface HappyFile {
  name: string;
  type: string;
  photo: Photo;
  /** The format the processor must detect from the bytes. */
  format: string;
  bytes: () => Promise<Buffer>;
}

/** One photograph per format the console takes from a camera or a desktop. */
const FILES: HappyFile[] = [
  {
    name: "happy-chelsea.jpg",
    type: "image/jpeg",
    photo: "chelsea",
    format: "jpeg",
    bytes: () => photoAs("chelsea", "jpeg"),
  },
  {
    name: "happy-coffee.png",
    type: "image/png",
    photo: "coffee",
    format: "png",
    bytes: () => photoAs("coffee", "png"),
  },
  {
    name: "happy-chelsea.webp",
    type: "image/webp",
    photo: "chelsea",
    format: "webp",
    bytes: () => photoAs("chelsea", "webp"),
  },
  {
    name: "happy-coffee.bmp",
    type: "image/bmp",
    photo: "coffee",
    format: "bmp",
    bytes: () => photoAs("coffee", "bmp"),
  },
  // HEVC in HEIF, the iPhone's format: sharp reads it as "heif".
  {
    name: "happy-coffee.heic",
    type: "image/heic",
    photo: "coffee",
    format: "heif",
    bytes: async () => coffeeHeic(),
  },
];

test("JPEG, PNG, WebP, BMP and HEIC photographs dropped on the console end PROCESSED with five right variants and their subject as a label", async ({
  page,
  admin,
}) => {
  await openImages(page);
  const ids = recordUploads(page);
  await dropOnConsole(
    page,
    await Promise.all(
      FILES.map(async (file) => ({ name: file.name, type: file.type, bytes: await file.bytes() })),
    ),
  );

  for (const file of FILES) {
    await expect(uploadItem(page, file.name).locator("[data-state]")).toHaveText("Uploaded");
  }
  // The gallery follows each one to PROCESSED without a reload.
  for (const file of FILES) {
    await expect(galleryCell(page, file.name).locator("[data-status]")).toHaveText("PROCESSED", {
      timeout: 120_000,
    });
  }

  for (const file of FILES) {
    const imageId = ids.get(file.name);
    expect(imageId, `the image id the console got for ${file.name}`).toBeDefined();
    const detail = await imageDetail(admin, imageId!);
    const record = detail.record;
    if (record.status !== "PROCESSED") throw new Error(`${file.name} is ${record.status}`);
    const original = await sharp(photoPng(file.photo)).metadata();
    expect({ format: record.format, width: record.width, height: record.height }).toEqual({
      format: file.format,
      width: original.width,
      height: original.height,
    });

    // Downloaded and read: the bytes are what the record says, and what the variant specs ask for.
    const expected = expectedVariants(original.width, original.height);
    const read = await readVariants(detail);
    expect(read.map((variant) => variant.name).sort()).toEqual(Object.keys(expected).sort());
    for (const variant of read) {
      const wanted = expected[variant.name];
      expect({
        name: variant.name,
        format: variant.format,
        width: variant.width,
        height: variant.height,
      }).toEqual({
        name: variant.name,
        ...wanted,
      });
      expect(variant.recorded).toEqual({ ...wanted, bytes: variant.bytes });
    }
    expect(
      record.labels.map((label) => label.name),
      `${file.name}'s labels`,
    ).toContain(SUBJECT[file.photo]);
  }

  // The console's detail page shows the same: five variants and the subject's label.
  for (const file of FILES) {
    await page.goto(`/images/${ids.get(file.name)}`);
    await expect(page.getByRole("heading", { name: file.name, level: 1 })).toBeVisible();
    await expect(page.getByTestId("variant-row")).toHaveCount(5);
    await expect(
      page
        .getByRole("list", { name: "Labels" })
        .getByRole("link", { name: new RegExp(`^${SUBJECT[file.photo]} \\d`) }),
    ).toBeVisible();
  }
});
