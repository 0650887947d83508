import { readFile } from "node:fs/promises";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { UPLOAD_PREFIX } from "@darkroom/image-record";
import { ensureCorpus } from "../../lambdas/corpus/corpus.ts";
import { emulatorClient } from "../../lambdas/test/support/emulator-clients.ts";
import { finalDetail } from "../support/admin-api.ts";
import { dropOnConsole, galleryCell, openImages, uploadItem } from "../support/console.ts";
import { expect, test } from "../support/fixtures.ts";
import { photoAs } from "../support/photos.ts";

const MIB = 1024 * 1024;

async function corpusFile(name: string): Promise<Buffer> {
  const path = (await ensureCorpus()).files.find((file) => file.name === name)?.path;
  if (!path) throw new Error(`${name} is not in the hostile corpus`);
  return readFile(path);
}

test("the console takes a file of exactly 5 MiB and refuses one byte more, before any upload", async ({
  page,
}) => {
  // The corpus's photo padded with JPEG comments to exactly the limit, and one byte over it.
  const atLimit = await corpusFile("at-size-limit.jpg");
  const overLimit = await corpusFile("over-size-limit.jpg");
  expect([atLimit.length, overLimit.length]).toEqual([5 * MIB, 5 * MIB + 1]);
  const asked: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/api/uploads") asked.push(request.postData() ?? "");
  });

  await openImages(page);
  await expect(page.getByTestId("drop-zone")).toContainText("up to 5 MiB each");
  await dropOnConsole(page, [
    { name: "limit-over.jpg", type: "image/jpeg", bytes: overLimit },
    { name: "limit-exact.jpg", type: "image/jpeg", bytes: atLimit },
  ]);

  const over = uploadItem(page, "limit-over.jpg");
  await expect(over.locator("[data-state]")).toHaveText("Rejected");
  await expect(over.getByRole("alert")).toHaveText("Too large: 5.0 MiB, the limit is 5 MiB.");
  await expect(uploadItem(page, "limit-exact.jpg").locator("[data-state]")).toHaveText("Uploaded");
  await expect(galleryCell(page, "limit-exact.jpg").locator("[data-status]")).toHaveText("PROCESSED", {
    timeout: 120_000,
  });
  // Only the file within the limit was ever asked for.
  expect(asked).toHaveLength(1);
  expect(asked[0]).toContain('"fileName":"limit-exact.jpg"');
});

test("a crafted POST past the browser, larger than the limit, is refused by the bucket's POST policy and stores nothing", async ({
  run,
  admin,
}) => {
  const photo = await photoAs("coffee", "jpeg");
  // Declared small, as an honest upload of this photo would be.
  const declared = await admin.POST("/api/uploads", {
    body: { fileName: "crafted.jpg", contentType: "image/jpeg", bytes: photo.length, keepLocation: false },
  });
  const upload = declared.data;
  if (!upload) throw new Error(`POST /api/uploads: ${declared.response.status}`);

  /** The presigned form as a script would fill it: its fields in order, then the file. */
  const post = (body: Buffer) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
    if (!("Content-Type" in upload.fields)) form.append("Content-Type", "image/jpeg");
    form.append("file", new Blob([new Uint8Array(body)], { type: "image/jpeg" }), "crafted.jpg");
    return fetch(upload.url, { method: "POST", body: form });
  };

  // The photo padded with zeros to 6 MiB, past the stack's 5 MiB limit.
  const padded = Buffer.concat([photo, Buffer.alloc(6 * MIB - photo.length)]);
  const refused = await post(padded);
  expect(refused.status).toBe(400);
  expect(await refused.text()).toMatch(/<Code>EntityTooLarge<\/Code>/);

  const s3 = emulatorClient(S3Client, run.ready.emulatorUrl);
  const stored = () =>
    s3.send(
      new ListObjectsV2Command({
        Bucket: run.ready.uploadsBucket,
        Prefix: `${UPLOAD_PREFIX}${upload.imageId}/`,
      }),
    );
  expect((await stored()).KeyCount, "objects stored for the refused upload").toBe(0);

  // The same form with the photo it declared is taken: the size, nothing else, was refused.
  const taken = await post(photo);
  expect(taken.status).toBe(204);
  expect((await stored()).Contents?.map((object) => object.Size)).toEqual([photo.length]);
  expect((await finalDetail(admin, upload.imageId)).record.status).toBe("PROCESSED");
  s3.destroy();
});
