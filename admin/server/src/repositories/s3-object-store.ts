import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  NotFound,
  type ObjectIdentifier,
  type S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { type BucketRole, MAX_PRESIGNED_URL_SECONDS, type ObjectStore } from "./object-store.repository.ts";

/** S3: presigning is local (no request); deleting lists versions, as the uploads bucket keeps them. */
export class S3ObjectStore implements ObjectStore {
  readonly #s3: S3Client;
  readonly #buckets: Record<BucketRole, string>;

  constructor(buckets: Record<BucketRole, string>, s3: S3Client) {
    this.#buckets = buckets;
    this.#s3 = s3;
  }

  presignGet(bucket: BucketRole, key: string, expiresInSeconds: number): Promise<string> {
    const expiresIn = Math.min(Math.max(1, Math.floor(expiresInSeconds)), MAX_PRESIGNED_URL_SECONDS);
    return getSignedUrl(this.#s3, new GetObjectCommand({ Bucket: this.#buckets[bucket], Key: key }), {
      expiresIn,
    });
  }

  async head(bucket: BucketRole, key: string): Promise<{ bytes: number } | null> {
    try {
      const head = await this.#s3.send(new HeadObjectCommand({ Bucket: this.#buckets[bucket], Key: key }));
      return { bytes: head.ContentLength ?? 0 };
    } catch (error) {
      // HEAD answers have no body: a missing key (or a delete marker) is a bare 404.
      const notFound =
        error instanceof NotFound ||
        (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404);
      if (notFound) return null;
      throw error;
    }
  }

  async deleteAllUnder(bucket: BucketRole, prefix: string): Promise<number> {
    if (prefix.length === 0) throw new Error("refusing to delete a whole bucket: the prefix is empty");
    const Bucket = this.#buckets[bucket];
    let deleted = 0;
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    do {
      const page = await this.#s3.send(
        new ListObjectVersionsCommand({
          Bucket,
          Prefix: prefix,
          KeyMarker: keyMarker,
          VersionIdMarker: versionIdMarker,
        }),
      );
      const objects: ObjectIdentifier[] = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].flatMap(
        (v) =>
          v.Key === undefined ? [] : [{ Key: v.Key, ...(v.VersionId ? { VersionId: v.VersionId } : {}) }],
      );
      if (objects.length > 0) {
        const result = await this.#s3.send(
          new DeleteObjectsCommand({ Bucket, Delete: { Objects: objects, Quiet: true } }),
        );
        const failed = result.Errors ?? [];
        if (failed.length > 0) {
          throw new Error(
            `could not delete ${failed.length} objects from ${Bucket}: ${failed[0]?.Key} (${failed[0]?.Code})`,
          );
        }
        deleted += objects.length;
      }
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
    } while (keyMarker !== undefined);
    return deleted;
  }
}
