import type { ImageRecord } from "@darkroom/image-record";
import type { ObjectCreated } from "../../src/s3-event.ts";
import { type FakeWorld, UPLOADS } from "./fakes.ts";

export const ID = "01JNB4Q7Z8X3K5M9P2R6T0V1WY";
export const KEY = `uploads/${ID}/chelsea.jpg`;

/** The record the API writes when it hands out the presigned POST. */
export function uploadedRecord(overrides: Partial<ImageRecord> = {}): ImageRecord {
  return {
    imageId: ID,
    status: "UPLOADED",
    attempts: 0,
    originalKey: KEY,
    originalBytes: 1000,
    contentType: "image/jpeg",
    originalFileName: "Chelsea the cat.jpg",
    keepLocation: false,
    createdAt: "2025-03-01T09:59:00.000Z",
    updatedAt: "2025-03-01T09:59:00.000Z",
    ...overrides,
  } as ImageRecord;
}

/** Puts `body` in the uploads bucket and returns its S3 event record. */
export function upload(
  world: FakeWorld,
  body: Buffer,
  options: { key?: string; contentType?: string } = {},
): ObjectCreated {
  const key = options.key ?? KEY;
  world.objects.put(UPLOADS, key, body, options.contentType ?? "image/jpeg");
  return { bucket: UPLOADS, key, size: body.length, eventName: "ObjectCreated:Post" };
}
