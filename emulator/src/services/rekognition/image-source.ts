import type { RequestContext } from "../../gateway/context.ts";
import { findVersion } from "../s3/object-store.ts";
import { S3State } from "../s3/state.ts";
import { imageTooLarge, invalidImageFormat, invalidParameter, invalidS3Object } from "./errors.ts";

/** Rekognition's limits: 5 MB passed as bytes, 15 MB read from S3. */
export const MAX_BYTES_IMAGE = 5 * 1024 * 1024;
export const MAX_S3_IMAGE = 15 * 1024 * 1024;

export interface ImageInput {
  Bytes?: Buffer | undefined;
  S3Object?:
    | { Bucket?: string | undefined; Name?: string | undefined; Version?: string | undefined }
    | undefined;
}

/** Rekognition takes JPEG and PNG only, told apart by their signatures. */
export function imageFormat(bytes: Buffer): "jpeg" | "png" | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= png.length && png.every((b, i) => bytes[i] === b)) return "png";
  return undefined;
}

/** The object's bytes, read from the emulator's own S3 state; anything missing is InvalidS3ObjectException. */
async function readS3Object(
  ctx: RequestContext,
  source: NonNullable<ImageInput["S3Object"]>,
): Promise<Buffer> {
  if (!source.Bucket || !source.Name) throw invalidS3Object();
  const s3 = new S3State(ctx.runtime.store);
  const bucket = s3.buckets.get(source.Bucket);
  if (!bucket) throw invalidS3Object();
  let version: ReturnType<typeof findVersion>;
  try {
    version = findVersion(s3, bucket, source.Name, source.Version ?? null);
  } catch {
    throw invalidS3Object();
  }
  if (version.size > MAX_S3_IMAGE) throw imageTooLarge();
  const chunks: Buffer[] = [];
  for (const part of version.parts) chunks.push(await ctx.runtime.store.readBlob(part.blobId));
  return Buffer.concat(chunks);
}

/** The image a request names, checked for size and format as Rekognition checks it. */
export async function readImage(ctx: RequestContext, image: ImageInput): Promise<Buffer> {
  const hasBytes = image.Bytes !== undefined;
  const hasS3 = image.S3Object !== undefined;
  if (hasBytes === hasS3) throw invalidParameter();
  let bytes: Buffer;
  if (image.Bytes !== undefined) {
    if (image.Bytes.length > MAX_BYTES_IMAGE) throw imageTooLarge();
    bytes = image.Bytes;
  } else {
    bytes = await readS3Object(ctx, image.S3Object ?? {});
  }
  if (!imageFormat(bytes)) throw invalidImageFormat();
  return bytes;
}
