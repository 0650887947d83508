import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { fromImageItem, IMAGE_ITEM_SK, imageItemKey } from "@darkroom/image-record";
import sharp from "sharp";
import { z } from "zod";
import { allImages, imageDetail } from "../support/admin-api.ts";
import { aws } from "../support/aws-cli.ts";
import { dropOnConsole, galleryCell, openImages, recordUploads, uploadItem } from "../support/console.ts";
import { expect, test } from "../support/fixtures.ts";
import { photoPng } from "../support/photos.ts";

const dynamoItem = z.object({ Item: z.record(z.string(), z.unknown()) });
const scanAnswer = z.object({ Count: z.number(), Items: z.array(z.record(z.string(), z.unknown())) });

test("the AWS CLI lists the uploads bucket, reads a variant and reads the table: standard AWS underneath", async ({
  page,
  admin,
  run,
}) => {
  const png = photoPng("coffee");
  await openImages(page);
  const ids = recordUploads(page);
  await dropOnConsole(page, [{ name: "cli-coffee.png", type: "image/png", bytes: png }]);
  await expect(uploadItem(page, "cli-coffee.png").locator("[data-state]")).toHaveText("Uploaded");
  await expect(galleryCell(page, "cli-coffee.png").locator("[data-status]")).toHaveText("PROCESSED", {
    timeout: 120_000,
  });
  const imageId = ids.get("cli-coffee.png")!;
  const { record } = await imageDetail(admin, imageId);
  const { emulatorUrl, uploadsBucket, mediaBucket, imagesTable } = run.ready;

  // The original, where the browser's POST put it, at its size.
  const listing = await aws(emulatorUrl, ["s3", "ls", `s3://${uploadsBucket}/uploads/`, "--recursive"]);
  expect(listing).toMatch(new RegExp(`^\\S+ \\S+ +${png.length} ${record.originalKey}$`, "m"));

  // A variant, copied down and read: the 300x300 JPEG thumbnail.
  const thumbnail =
    record.status === "PROCESSED" ? record.variants.find((v) => v.name === "thumbnail") : undefined;
  if (!thumbnail) throw new Error(`${imageId} has no thumbnail: ${record.status}`);
  const dir = await mkdtemp(join(tmpdir(), "darkroom-e2e-cli-"));
  try {
    await aws(emulatorUrl, ["s3", "cp", `s3://${mediaBucket}/${thumbnail.key}`, join(dir, "thumbnail.jpg")]);
    const read = await sharp(await readFile(join(dir, "thumbnail.jpg"))).metadata();
    expect({ format: read.format, width: read.width, height: read.height }).toEqual({
      format: "jpeg",
      width: 300,
      height: 300,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  // The table: the image's item is the record the admin API serves.
  const key = Object.fromEntries(
    Object.entries(imageItemKey(imageId)).map(([name, value]) => [name, { S: value }]),
  );
  const item = dynamoItem.parse(
    JSON.parse(
      await aws(emulatorUrl, [
        "dynamodb",
        "get-item",
        "--table-name",
        imagesTable,
        "--key",
        JSON.stringify(key),
      ]),
    ),
  );
  expect(fromImageItem(unmarshall(item.Item as Parameters<typeof unmarshall>[0]))).toEqual(record);

  // And a scan of its image items counts every image the gallery lists.
  const scan = scanAnswer.parse(
    JSON.parse(
      await aws(emulatorUrl, [
        "dynamodb",
        "scan",
        "--table-name",
        imagesTable,
        "--filter-expression",
        "sk = :image",
        "--expression-attribute-values",
        JSON.stringify({ ":image": { S: IMAGE_ITEM_SK } }),
        "--projection-expression",
        "pk",
      ]),
    ),
  );
  const listed = await allImages(admin);
  expect(scan.Count).toBe(listed.length);
  expect(scan.Items).toContainEqual({ pk: { S: key.pk?.S } });
});
