import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import {
  DetectFacesCommand,
  DetectLabelsCommand,
  DetectModerationLabelsCommand,
  ImageTooLargeException,
  InvalidImageFormatException,
  InvalidParameterException,
  InvalidS3ObjectException,
  ListCollectionsCommand,
} from "@aws-sdk/client-rekognition";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../src/index.ts";
import { expectAwsError } from "./support/expect-aws-error.ts";
import { bucketWith, fixtureJpeg, rekognitionClient } from "./support/rekognition.ts";

const rekognition = rekognitionClient();
const JPEG_START = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
let bucket = "";

beforeAll(async () => {
  const oversized = Buffer.concat([JPEG_START, Buffer.alloc(15 * 1024 * 1024 + 1)]);
  bucket = await bucketWith({ "big.jpg": oversized, "not-an-image.jpg": Buffer.from("hello") });
});

describe("Rekognition's errors through the SDK", () => {
  it("InvalidImageFormatException for formats other than JPEG and PNG", async () => {
    const webp = await sharp({ create: { width: 8, height: 8, channels: 3, background: "red" } })
      .webp()
      .toBuffer();
    for (const send of [
      () => rekognition.send(new DetectLabelsCommand({ Image: { Bytes: webp } })),
      () => rekognition.send(new DetectFacesCommand({ Image: { Bytes: webp } })),
      () => rekognition.send(new DetectModerationLabelsCommand({ Image: { Bytes: webp } })),
    ]) {
      await expectAwsError(
        send(),
        "InvalidImageFormatException",
        400,
        undefined,
        InvalidImageFormatException,
      );
    }
    await expectAwsError(
      rekognition.send(
        new DetectLabelsCommand({ Image: { S3Object: { Bucket: bucket, Name: "not-an-image.jpg" } } }),
      ),
      "InvalidImageFormatException",
      400,
    );
  });

  it("InvalidImageFormatException for a JPEG that does not decode", async () => {
    const truncated = Buffer.concat([JPEG_START, Buffer.alloc(100, 7)]);
    await expectAwsError(
      rekognition.send(new DetectLabelsCommand({ Image: { Bytes: truncated } })),
      "InvalidImageFormatException",
      400,
      undefined,
      InvalidImageFormatException,
    );
  });

  it("ImageTooLargeException over 5 MB as bytes and over 15 MB from S3", async () => {
    const bytes = Buffer.concat([JPEG_START, Buffer.alloc(5 * 1024 * 1024)]);
    await expectAwsError(
      rekognition.send(new DetectLabelsCommand({ Image: { Bytes: bytes } })),
      "ImageTooLargeException",
      400,
      undefined,
      ImageTooLargeException,
    );
    await expectAwsError(
      rekognition.send(new DetectFacesCommand({ Image: { S3Object: { Bucket: bucket, Name: "big.jpg" } } })),
      "ImageTooLargeException",
      400,
      undefined,
      ImageTooLargeException,
    );
  });

  it("InvalidS3ObjectException for a missing bucket, key or version", async () => {
    for (const S3Object of [
      { Bucket: "no-such-bucket-here", Name: "x.jpg" },
      { Bucket: bucket, Name: "missing.jpg" },
      { Bucket: bucket, Name: "big.jpg", Version: "no-such-version" },
    ]) {
      await expectAwsError(
        rekognition.send(new DetectLabelsCommand({ Image: { S3Object } })),
        "InvalidS3ObjectException",
        400,
        "Unable to get object metadata from S3. Check object key, region and/or access permissions.",
        InvalidS3ObjectException,
      );
    }
  });

  it("InvalidParameterException for no image, two images, or values out of range", async () => {
    const jpeg = await fixtureJpeg("coffee");
    for (const input of [
      { Image: {} },
      { Image: { Bytes: jpeg, S3Object: { Bucket: bucket, Name: "big.jpg" } } },
      { Image: { Bytes: jpeg }, MinConfidence: 101 },
      { Image: { Bytes: jpeg }, Settings: { ImageProperties: { MaxDominantColors: 21 } } },
    ]) {
      await expectAwsError(
        rekognition.send(new DetectLabelsCommand(input)),
        "InvalidParameterException",
        400,
        undefined,
        InvalidParameterException,
      );
    }
  });

  it("NotImplemented, naming the operation, for operations without a local model", async () => {
    await expectAwsError(
      rekognition.send(new ListCollectionsCommand({})),
      "NotImplemented",
      501,
      /ListCollections/,
    );
  });
});

describe("DARKROOM_REKOGNITION modes", () => {
  it("off refuses every operation with an AWS-shaped error", async () => {
    const emulator = await startEmulator({ port: 0, persist: false, rekognition: "off" });
    try {
      const client = rekognitionClient(emulator.url);
      const jpeg = await fixtureJpeg("coffee");
      await expectAwsError(
        client.send(new DetectLabelsCommand({ Image: { Bytes: jpeg } })),
        "AccessDeniedException",
        400,
        /DARKROOM_REKOGNITION=off/,
      );
      await expectAwsError(client.send(new ListCollectionsCommand({})), "AccessDeniedException", 400);
    } finally {
      await emulator.stop();
    }
  });

  describe("aws", () => {
    /** A stand-in for AWS's endpoint: records what arrives and answers as Rekognition would. */
    const received: Array<{ headers: IncomingHttpHeaders; body: Record<string, unknown> }> = [];
    const standIn = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
        res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
        res.end(
          JSON.stringify({ Labels: [{ Name: "Forwarded", Confidence: 99 }], LabelModelVersion: "3.0" }),
        );
      });
    });
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    let emulator: Awaited<ReturnType<typeof startEmulator>>;

    beforeAll(async () => {
      await new Promise<void>((resolve) => standIn.listen(0, "127.0.0.1", resolve));
      process.env.AWS_ACCESS_KEY_ID = "AKIDFORWARDED";
      process.env.AWS_SECRET_ACCESS_KEY = "forwarded-secret";
      emulator = await startEmulator({
        port: 0,
        persist: false,
        rekognition: "aws",
        rekognitionAwsEndpoint: `http://127.0.0.1:${(standIn.address() as AddressInfo).port}`,
      });
    });

    afterAll(async () => {
      await emulator.stop();
      standIn.close();
      process.env.AWS_ACCESS_KEY_ID = saved.id;
      process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
      if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
      if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
    });

    it("forwards with the user's credentials, sending local S3 images as bytes, and relays the answer", async () => {
      const jpeg = await fixtureJpeg("chelsea");
      const localBucket = await bucketWith({ "cat.jpg": jpeg }, emulator.url);
      const out = await rekognitionClient(emulator.url).send(
        new DetectLabelsCommand({
          Image: { S3Object: { Bucket: localBucket, Name: "cat.jpg" } },
          MaxLabels: 3,
        }),
      );
      expect(out.Labels?.map((l) => l.Name)).toEqual(["Forwarded"]);
      expect(received).toHaveLength(1);
      const [request] = received;
      expect(request!.headers["x-amz-target"]).toBe("RekognitionService.DetectLabels");
      expect(request!.headers.authorization).toMatch(/Credential=AKIDFORWARDED\//);
      expect(request!.body.MaxLabels).toBe(3);
      expect(
        Buffer.from(String((request!.body.Image as { Bytes: string }).Bytes), "base64").equals(jpeg),
      ).toBe(true);
    });
  });
});
