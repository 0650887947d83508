import { HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { S3Event } from "aws-lambda";

/**
 * The ObjectCreated event S3 sends for an object already in the bucket, as a redelivery would
 * carry it (S3 delivers at least once): same bucket, URL-encoded key, size and ETag.
 */
export async function objectCreatedEvent(s3: S3Client, bucket: string, key: string): Promise<S3Event> {
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  return {
    Records: [
      {
        eventVersion: "2.1",
        eventSource: "aws:s3",
        awsRegion: "us-east-1",
        eventTime: (head.LastModified ?? new Date()).toISOString(),
        eventName: "ObjectCreated:Post",
        userIdentity: { principalId: "ANONYMOUS" },
        requestParameters: { sourceIPAddress: "127.0.0.1" },
        responseElements: { "x-amz-request-id": "DARKROOMTEST0001", "x-amz-id-2": "darkroom/test" },
        s3: {
          s3SchemaVersion: "1.0",
          configurationId: "process-uploads",
          bucket: {
            name: bucket,
            ownerIdentity: { principalId: "ANONYMOUS" },
            arn: `arn:aws:s3:::${bucket}`,
          },
          object: {
            key: encodeURIComponent(key).replaceAll("%2F", "/"),
            size: head.ContentLength ?? 0,
            eTag: (head.ETag ?? "").replaceAll('"', ""),
            sequencer: "0000000000000000A1",
          },
        },
      },
    ],
  };
}
