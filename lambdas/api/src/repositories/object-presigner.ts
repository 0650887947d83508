/** Presigned S3 requests for browsers: the upload POST and GET URLs for stored objects. */
export interface PresignedUpload {
  url: string;
  fields: Record<string, string>;
  /** The policy's expiration, as signed. */
  expiresAt: string;
}

export interface UploadRequest {
  key: string;
  contentType: string;
  maxBytes: number;
  expiresInSeconds: number;
}

/** Which of the API's two buckets: originals or the processor's variants. */
export type BucketRole = "uploads" | "media";

export interface ObjectPresigner {
  /** A POST policy for exactly `key` in the uploads bucket. */
  presignUpload(request: UploadRequest): Promise<PresignedUpload>;
  /** A GET URL for `key` in the bucket, valid for `expiresInSeconds`. */
  presignDownload(bucket: BucketRole, key: string, expiresInSeconds: number): Promise<string>;
}
