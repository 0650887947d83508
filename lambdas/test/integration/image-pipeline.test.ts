import { readFile } from "node:fs/promises";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { ListObjectVersionsCommand, S3Client } from "@aws-sdk/client-s3";
import {
  MAX_VARIANT_SIDE,
  parseImageRecord,
  THUMBNAIL_SIDE,
  uploadKey,
  VARIANT_NAMES,
  VARIANT_PREFIX,
  VARIANT_SPECS,
} from "@darkroom/image-record";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { buildLambdas } from "../../build/build-lambdas.ts";
import { DarkroomApi, type ImageDetail, postToPresignedForm } from "../support/darkroom-api.ts";
import { type Deployment, deployDarkroom } from "../support/deploy.ts";
import { emulatorClient } from "../support/emulator-clients.ts";
import { invocationLog } from "../support/function-logs.ts";
import { inspectImage, jpegWithExif } from "../support/image-bytes.ts";
import { objectCreatedEvent } from "../support/s3-event.ts";
import { waitFor } from "../support/wait-for.ts";

/**
 * Issue 4's pipeline end to end, as deployed: the zips `npm run build:lambdas` makes, created
 * as functions in the emulator (not the handlers imported here), an upload the way a browser
 * makes it (the API's presigned POST, then multipart straight to S3), S3's notification
 * running the processor, and the result read back through the API and its presigned URLs.
 */
const CHELSEA = new URL("../../test-fixtures/chelsea.png", import.meta.url);
const CHELSEA_HEIC = new URL("../fixtures/images/chelsea.heic", import.meta.url);
/** Acceptance: an upload is PROCESSED within 10 s. */
const PROCESSING_DEADLINE_MS = 10_000;

beforeAll(async () => {
  await buildLambdas();
}, 600_000);

interface Uploaded {
  imageId: string;
  key: string;
}

async function upload(
  api: DarkroomApi,
  file: { bytes: Uint8Array; name: string; type: string },
): Promise<Uploaded> {
  const created = await api.createUpload({
    fileName: file.name,
    contentType: file.type,
    bytes: file.bytes.length,
  });
  const posted = await postToPresignedForm(created, file);
  expect(
    posted.ok,
    `POST to the presigned form answered ${posted.status}: ${await posted.clone().text()}`,
  ).toBe(true);
  return { imageId: created.imageId, key: uploadKey(created.imageId, file.name) };
}

/** Polls GET /images/{id} until processing has ended, then requires it to have succeeded. */
async function processed(api: DarkroomApi, imageId: string): Promise<{ detail: ImageDetail; json: unknown }> {
  const found = await waitFor(
    `image ${imageId} to be PROCESSED`,
    async () => {
      const seen = await api.getImage(imageId);
      return seen.detail.status === "PROCESSED" || seen.detail.status === "FAILED" ? seen : undefined;
    },
    { timeoutMs: PROCESSING_DEADLINE_MS, intervalMs: 200 },
  );
  expect(found.detail.failure, `image ${imageId} failed`).toBeUndefined();
  expect(found.detail.status).toBe("PROCESSED");
  return found;
}

async function download(url: string): Promise<{ bytes: Uint8Array; contentType: string | null }> {
  const response = await fetch(url);
  expect(response.status, `GET ${url}`).toBe(200);
  return {
    bytes: new Uint8Array(await response.arrayBuffer()),
    contentType: response.headers.get("content-type"),
  };
}

describe("an upload through the deployed API and processor", () => {
  let stack: Deployment;
  let api: DarkroomApi;

  beforeAll(async () => {
    stack = await deployDarkroom(inject("emulatorUrl"));
    api = new DarkroomApi(stack.api.url);
  }, 120_000);

  it("chelsea.png becomes PROCESSED with five variants, readable through their presigned URLs", async () => {
    const original = await readFile(CHELSEA);
    const before = await inspectImage(original);
    const { imageId } = await upload(api, { bytes: original, name: "chelsea.png", type: "image/png" });

    const { detail, json } = await processed(api, imageId);
    // What the API returns is a valid record, beside the URLs it adds.
    const record = parseImageRecord(json);
    expect(record).toMatchObject({ imageId, status: "PROCESSED", format: "png", width: 451, height: 300 });
    expect(detail.variants?.map((v) => v.name).sort()).toEqual([...VARIANT_NAMES].sort());

    for (const variant of detail.variants ?? []) {
      const spec = VARIANT_SPECS[variant.name as keyof typeof VARIANT_SPECS];
      const { bytes, contentType } = await download(variant.url);
      const seen = await inspectImage(bytes);
      expect(contentType, variant.name).toBe(spec.contentType);
      expect(seen, variant.name).toMatchObject({
        format: spec.format,
        width: variant.width,
        height: variant.height,
      });
      expect(bytes.length, variant.name).toBe(variant.bytes);
      expect(Math.max(variant.width, variant.height), variant.name).toBeLessThanOrEqual(MAX_VARIANT_SIDE);
      if (variant.name === "thumbnail") {
        expect([seen.width, seen.height]).toEqual([THUMBNAIL_SIDE, THUMBNAIL_SIDE]);
      } else {
        // Full size: the original's 451x300, neither enlarged nor cropped.
        expect([seen.width, seen.height], variant.name).toEqual([before.width, before.height]);
      }
      // chelsea.png carries XMP; no variant keeps any metadata.
      expect(seen, variant.name).toMatchObject({ exif: false, xmp: false, iptc: false });
    }
    expect(before.xmp).toBe(true);
    const originalBack = await download(detail.originalUrl);
    expect(Buffer.from(originalBack.bytes).equals(original)).toBe(true);
  });

  it("a photo's EXIF is read into the record, applied to the variants, and stripped from them", async () => {
    const photo = await jpegWithExif(await readFile(CHELSEA));
    expect(await inspectImage(photo)).toMatchObject({ exif: true, orientation: 6 });
    const { imageId } = await upload(api, { bytes: photo, name: "phone-photo.jpg", type: "image/jpeg" });

    const { detail, json } = await processed(api, imageId);
    const record = parseImageRecord(json);
    if (record.status !== "PROCESSED") throw new Error(`status ${record.status}`);
    expect(record).toMatchObject({ format: "jpeg", width: 451, height: 300, orientation: 6 });
    expect(record.exif.camera).toMatch(/Darkroom.*Test Camera/);
    // The photo has a position, but keepLocation was not asked for: the record holds none.
    expect(record.exif.gps).toBeUndefined();

    for (const variant of detail.variants ?? []) {
      const seen = await inspectImage((await download(variant.url)).bytes);
      expect(seen, variant.name).toMatchObject({
        exif: false,
        xmp: false,
        iptc: false,
        orientation: undefined,
      });
      // Orientation 6 turns the 451x300 pixels upright: 300 wide, 451 high.
      if (variant.name !== "thumbnail") expect([seen.width, seen.height], variant.name).toEqual([300, 451]);
    }
  });

  it("a HEIC photo is decoded by the bundled libheif WebAssembly", async () => {
    const photo = await readFile(CHELSEA_HEIC);
    const { imageId } = await upload(api, { bytes: photo, name: "chelsea.heic", type: "image/heic" });

    const { detail, json } = await processed(api, imageId);
    const record = parseImageRecord(json);
    if (record.status !== "PROCESSED") throw new Error(`status ${record.status}`);
    expect(record).toMatchObject({ format: "heif", width: 451, height: 300 });
    expect(record.exif.camera).toMatch(/Apple.*iPhone 15 Pro/);
    const thumbnail = detail.variants?.find((v) => v.name === "thumbnail");
    expect(await inspectImage((await download(thumbnail!.url)).bytes)).toMatchObject({
      format: "jpeg",
      width: THUMBNAIL_SIDE,
      height: THUMBNAIL_SIDE,
    });
  });
});

describe("duplicate S3 deliveries", () => {
  it("three more deliveries of the same event leave one record, one attempt and one set of variants", async () => {
    const stack = await deployDarkroom(inject("emulatorUrl"), { versionedMedia: true });
    const endpoint = stack.endpoint;
    const s3 = emulatorClient(S3Client, endpoint);
    const lambda = emulatorClient(LambdaClient, endpoint);
    const logs = emulatorClient(CloudWatchLogsClient, endpoint);
    const dynamodb = emulatorClient(DynamoDBClient, endpoint);
    const api = new DarkroomApi(stack.api.url);

    const original = await readFile(CHELSEA);
    const { imageId, key } = await upload(api, { bytes: original, name: "chelsea.png", type: "image/png" });
    // S3's own delivery is on its way; three more of the same event race it, as redeliveries do.
    const event = JSON.stringify(await objectCreatedEvent(s3, stack.uploadsBucket, key));
    const redeliveries = await Promise.all(
      [1, 2, 3].map(() =>
        lambda.send(
          new InvokeCommand({
            FunctionName: stack.processor.name,
            InvocationType: "RequestResponse",
            Payload: event,
          }),
        ),
      ),
    );
    for (const result of redeliveries) {
      expect(result.FunctionError, new TextDecoder().decode(result.Payload)).toBeUndefined();
    }
    const { detail } = await processed(api, imageId);
    // All four invocations have finished (S3's may have been the last), none with an error.
    const log = await waitFor(
      "the processor's four invocations to finish",
      async () => {
        const seen = await invocationLog(logs, stack.processor.name);
        return seen.finished >= 4 ? seen : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(log).toEqual({ finished: 4, errors: [] });

    const items = await dynamodb.send(new ScanCommand({ TableName: stack.imagesTable }));
    const images = (items.Items ?? []).filter((item) => item.sk?.S === "IMAGE");
    expect(images.map((item) => item.imageId?.S)).toEqual([imageId]);
    // One processing attempt started; the duplicates saw it and did not count themselves.
    expect(detail.attempts).toBe(1);

    const versions = await s3.send(
      new ListObjectVersionsCommand({ Bucket: stack.mediaBucket, Prefix: `${VARIANT_PREFIX}${imageId}/` }),
    );
    const keys = (versions.Versions ?? []).map((v) => v.Key);
    // One version per variant: no delivery wrote a variant a second time.
    expect(keys.sort()).toEqual(detail.variants?.map((v) => v.key).sort());
    expect(keys).toHaveLength(VARIANT_NAMES.length);
    expect(versions.DeleteMarkers ?? []).toEqual([]);
  });
});
