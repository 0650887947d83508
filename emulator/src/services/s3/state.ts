import type { StateStore } from "../../state/store.ts";
import type { Table } from "../../state/table.ts";
import { s3Errors } from "./errors.ts";
import type { BucketRecord, MultipartUpload, ObjectEntry, ObjectVersion, UploadedPart } from "./model.ts";

/**
 * S3's tables. Bucket names are global (one namespace across accounts, as on AWS);
 * each bucket has its own object table, and each multipart upload its own part table.
 */
export class S3State {
  readonly buckets: Table<BucketRecord>;
  readonly uploads: Table<MultipartUpload>;

  readonly store: StateStore;

  constructor(store: StateStore) {
    this.store = store;
    this.buckets = store.table<BucketRecord>("s3/buckets");
    this.uploads = store.table<MultipartUpload>("s3/uploads");
  }

  objects(bucket: string): Table<ObjectEntry> {
    return this.store.table<ObjectEntry>(`s3/objects/${bucket}`);
  }

  parts(uploadId: string): Table<UploadedPart> {
    return this.store.table<UploadedPart>(`s3/parts/${uploadId}`);
  }

  /** The bucket, or NoSuchBucket. */
  bucket(name: string): BucketRecord {
    const b = this.buckets.get(name);
    if (!b) throw s3Errors.noSuchBucket(name);
    return b;
  }

  /** The current (newest) version of a key, which may be a delete marker. */
  currentVersion(bucket: string, key: string): ObjectVersion | undefined {
    return this.objects(bucket).get(key)?.versions[0];
  }

  /** Frees the bytes of versions that are no longer stored anywhere. */
  freeVersion(version: ObjectVersion): void {
    for (const part of version.parts) this.store.freeBlob(part.blobId);
  }
}
