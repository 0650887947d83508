/** The stack's two buckets: originals (uploads) and the processor's variants (media). */
export type BucketRole = "uploads" | "media";

/** AWS's limit for presigned URLs is 7 days; ours, for an admin's browser, is 15 minutes. */
export const MAX_PRESIGNED_URL_SECONDS = 15 * 60;

export interface ObjectStore {
  /** A GET URL for a browser; `expiresInSeconds` is capped at MAX_PRESIGNED_URL_SECONDS. */
  presignGet(bucket: BucketRole, key: string, expiresInSeconds: number): Promise<string>;
  /** Every object under the prefix, every version and delete marker included; returns how many went. */
  deleteAllUnder(bucket: BucketRole, prefix: string): Promise<number>;
  /** The object's current version (HeadObject): its size, or null when there is none (or a delete marker). */
  head(bucket: BucketRole, key: string): Promise<{ bytes: number } | null>;
}
