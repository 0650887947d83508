import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { createPresignedPost } from "@aws-sdk/s3-presigned-post";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { awsClient, endpointSettings } from "@darkroom/aws-clients";
import { uploadPolicyConditions } from "@darkroom/image-record";
import { z } from "zod";
import type { BucketRole, ObjectPresigner, PresignedUpload, UploadRequest } from "./object-presigner.ts";

/** The part of the signed POST policy we read back: its expiration. */
const policySchema = z.object({ expiration: z.iso.datetime() });

/**
 * Presigns with S3 (signing is local: no request is sent). The URLs are for browsers, so the
 * client is built for the endpoint browsers reach: PUBLIC_S3_ENDPOINT when set, otherwise the
 * endpoint this function uses (AWS_ENDPOINT_URL on an emulator, AWS's own on AWS).
 */
export class S3ObjectPresigner implements ObjectPresigner {
  readonly #s3: S3Client;
  readonly #buckets: Record<BucketRole, string>;

  constructor(buckets: Record<BucketRole, string>, s3: S3Client) {
    this.#s3 = s3;
    this.#buckets = buckets;
  }

  async presignUpload({
    key,
    contentType,
    maxBytes,
    expiresInSeconds,
  }: UploadRequest): Promise<PresignedUpload> {
    const { url, fields } = await createPresignedPost(this.#s3, {
      Bucket: this.#buckets.uploads,
      Key: key,
      // Every field is also an exact-match condition: the object gets the declared type.
      Fields: { "Content-Type": contentType },
      Conditions: uploadPolicyConditions(maxBytes),
      Expires: expiresInSeconds,
    });
    const policy = policySchema.parse(
      JSON.parse(Buffer.from(fields.Policy ?? "", "base64").toString("utf8")),
    );
    return { url, fields, expiresAt: new Date(policy.expiration).toISOString() };
  }

  presignDownload(bucket: BucketRole, key: string, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(this.#s3, new GetObjectCommand({ Bucket: this.#buckets[bucket], Key: key }), {
      expiresIn: expiresInSeconds,
    });
  }
}

/** An S3 client addressing `publicEndpoint` as the factory addresses AWS_ENDPOINT_URL. */
export function browserFacingS3Client(publicEndpoint: string | undefined): S3Client {
  if (publicEndpoint === undefined) return awsClient(S3Client);
  return awsClient(S3Client, {}, endpointSettings({ ...process.env, AWS_ENDPOINT_URL: publicEndpoint }));
}
