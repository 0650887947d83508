/**
 * What S3 keeps, as JSON rows in the state store. Bytes live in blobs, referenced
 * through `blobId` properties (the store's compaction follows those).
 */

export type ChecksumAlgorithm = "CRC32" | "CRC32C" | "SHA1" | "SHA256" | "CRC64NVME";

export interface StoredChecksum {
  algorithm: ChecksumAlgorithm;
  /** Base64, as in the x-amz-checksum-* headers. */
  value: string;
  type: "FULL_OBJECT" | "COMPOSITE";
}

/** One stretch of an object's bytes; a multipart object has one per part. */
export interface ObjectPart {
  blobId: string;
  size: number;
  /** Multipart only: the part's ETag and checksum, for GetObject?partNumber and GetObjectAttributes. */
  etag?: string;
  checksum?: string;
}

export interface ObjectVersion {
  /** "null" for objects written while versioning was never enabled or is suspended. */
  versionId: string;
  isDeleteMarker: boolean;
  /** ISO 8601 with milliseconds. */
  lastModified: string;
  size: number;
  /** Quoted, e.g. "\"9bb58f26192e4ba00f01e2e7b136bbd8\"" or "\"...-3\"" for multipart. */
  etag: string;
  parts: ObjectPart[];
  contentType?: string;
  /** Standard headers stored with the object: cache-control, content-disposition, content-encoding, content-language, expires. */
  headers: Record<string, string>;
  /** x-amz-meta-* without the prefix, names lower-cased. */
  metadata: Record<string, string>;
  checksum?: StoredChecksum;
  tags: Array<{ Key: string; Value: string }>;
  /** "AES256" unless the request asked otherwise. */
  serverSideEncryption: string;
  storageClass: string;
  ownerAccountId: string;
  websiteRedirectLocation?: string;
}

/** All versions of one key, newest first. */
export interface ObjectEntry {
  key: string;
  versions: ObjectVersion[];
}

export interface BucketRecord {
  name: string;
  accountId: string;
  region: string;
  /** ISO 8601. */
  createdAt: string;
  /** Absent until versioning is first configured. */
  versioning?: "Enabled" | "Suspended";
  mfaDelete?: "Enabled" | "Disabled";
  objectLockEnabled: boolean;
  /** Sub-resource configurations by name (cors, policy, lifecycle, ...): stored as the client sent them. */
  config: Record<string, BucketConfigValue>;
  tags: Array<{ Key: string; Value: string }>;
}

/** A stored sub-resource: the request body (XML or JSON text) and anything parsed from it. */
export interface BucketConfigValue {
  body: string;
  contentType?: string;
  /** Lifecycle only: the x-amz-transition-default-minimum-object-size it was put with. */
  minimumObjectSize?: string;
}

export interface MultipartUpload {
  uploadId: string;
  bucket: string;
  key: string;
  initiated: string;
  contentType?: string;
  headers: Record<string, string>;
  metadata: Record<string, string>;
  tags: Array<{ Key: string; Value: string }>;
  checksumAlgorithm?: ChecksumAlgorithm;
  checksumType?: "FULL_OBJECT" | "COMPOSITE";
  serverSideEncryption: string;
  storageClass: string;
  ownerAccountId: string;
  /** x-amz-website-redirect-location, given to the object on completion. */
  websiteRedirectLocation?: string;
}

export interface UploadedPart {
  partNumber: number;
  blobId: string;
  size: number;
  etag: string;
  lastModified: string;
  checksum?: { algorithm: ChecksumAlgorithm; value: string };
}

export const S3_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
