import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { awsClient } from "@darkroom/aws-clients";
import { isAwsError } from "../failures.ts";

/** S3 answers a ranged GET of an empty object with 416: bytes 0–n of nothing do not exist. */
function isEmptyObjectRange(error: unknown): boolean {
  return isAwsError(error) && (error.name === "InvalidRange" || error.$metadata.httpStatusCode === 416);
}

/** The S3 objects the processor reads (originals) and writes (variants), behind one interface. */
export interface ObjectStore {
  head(
    bucket: string,
    key: string,
    signal?: AbortSignal,
  ): Promise<{ bytes: number; contentType: string | undefined }>;
  /**
   * The object's bytes, reading at most `maxBytes + 1` of them (a ranged GET): `complete` is
   * false when the object is larger than `maxBytes`, so an oversized object is never downloaded.
   */
  read(
    bucket: string,
    key: string,
    maxBytes: number,
    signal?: AbortSignal,
  ): Promise<{ body: Buffer; complete: boolean }>;
  write(bucket: string, key: string, body: Buffer, contentType: string, signal?: AbortSignal): Promise<void>;
}

export function s3ObjectStore(client: S3Client = awsClient(S3Client)): ObjectStore {
  return {
    async head(bucket, key, signal) {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), {
        abortSignal: signal,
      });
      return { bytes: head.ContentLength ?? 0, contentType: head.ContentType };
    },
    async read(bucket, key, maxBytes, signal) {
      let object: GetObjectCommandOutput;
      try {
        object = await client.send(
          new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${maxBytes}` }),
          {
            abortSignal: signal,
          },
        );
      } catch (error) {
        if (isEmptyObjectRange(error)) return { body: Buffer.alloc(0), complete: true };
        throw error;
      }
      const body = Buffer.from((await object.Body?.transformToByteArray()) ?? new Uint8Array());
      return { body: body.subarray(0, maxBytes), complete: body.length <= maxBytes };
    },
    async write(bucket, key, body, contentType, signal) {
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }),
        {
          abortSignal: signal,
        },
      );
    },
  };
}
