import { randomBytes } from "node:crypto";
import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { OBJECT_BYTES } from "./load.ts";

/** Fails unless a Put followed by a Get returns the exact bytes: timing a broken peer means nothing. */
export async function verifyRoundTrip(client: S3Client, bucket: string): Promise<void> {
  const body = randomBytes(OBJECT_BYTES);
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: "roundtrip", Body: body }));
  const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: "roundtrip" }));
  const got = Buffer.from(await res.Body!.transformToByteArray());
  if (!got.equals(body)) throw new Error(`round trip returned ${got.length} different bytes`);
}
