import { GetObjectCommand, type GetObjectCommandInput, type S3Client } from "@aws-sdk/client-s3";

/** The whole body of a GetObject answer, as a Buffer. */
export async function bodyBytes(output: {
  Body?: { transformToByteArray(): Promise<Uint8Array> };
}): Promise<Buffer> {
  if (!output.Body) throw new Error("the answer has no body");
  return Buffer.from(await output.Body.transformToByteArray());
}

/** GetObject, read to the end. */
export async function objectBytes(
  s3: S3Client,
  bucket: string,
  key: string,
  extra: Partial<GetObjectCommandInput> = {},
): Promise<Buffer> {
  return bodyBytes(await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...extra })));
}
