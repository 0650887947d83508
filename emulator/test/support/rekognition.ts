import { readFileSync } from "node:fs";
import { type Label, RekognitionClient } from "@aws-sdk/client-rekognition";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import sharp from "sharp";
import { clientConfig, emulatorUrl, s3Client, uniqueName } from "./clients.ts";

export type Fixture = "chelsea" | "coffee" | "astronaut";

export function rekognitionClient(endpoint = emulatorUrl()): RekognitionClient {
  return new RekognitionClient({ ...clientConfig(endpoint), maxAttempts: 1 });
}

/** A fixture photograph as stored (PNG). */
export function fixturePng(name: Fixture): Buffer {
  return readFileSync(new URL(`../fixtures/images/${name}.png`, import.meta.url));
}

/** The fixture re-encoded as JPEG, the format most photos arrive in. */
export function fixtureJpeg(name: Fixture): Promise<Buffer> {
  return sharp(fixturePng(name)).jpeg({ quality: 90 }).toBuffer();
}

/** A new bucket holding `objects` (key → bytes), on the emulator at `endpoint`. */
export async function bucketWith(objects: Record<string, Buffer>, endpoint = emulatorUrl()): Promise<string> {
  const s3 = s3Client(endpoint);
  const bucket = uniqueName("rekognition");
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  for (const [key, body] of Object.entries(objects)) {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: "image/jpeg" }));
  }
  return bucket;
}

export const labelNames = (labels: Label[] | undefined) => (labels ?? []).map((l) => l.Name);
