import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket/index.js";
import { S3BucketCorsConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-cors-configuration/index.js";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration/index.js";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning/index.js";
import { Construct } from "constructs";

export interface StorageProps {
  namePrefix: string;
  /** Browser origins that POST uploads and fetch images. */
  consoleOrigins: string[];
  /** Empty the buckets on destroy (local targets). */
  forceDestroy: boolean;
}

/** Browsers cache a CORS preflight this long. */
const CORS_MAX_AGE_SECONDS = 600;

/**
 * The two buckets: originals (written by browsers through the API's presigned POST, read by the
 * processor) and variants (written by the processor). Two buckets, so the processor's output
 * can never trigger it. Both private, SSE-S3, public access blocked.
 */
export class Storage extends Construct {
  readonly uploads: S3Bucket;
  readonly media: S3Bucket;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    this.uploads = this.privateBucket("uploads", `${props.namePrefix}-uploads`, props.forceDestroy);
    this.media = this.privateBucket("media", `${props.namePrefix}-media`, props.forceDestroy);

    // An upload replaced by mistake (same key) can be recovered.
    new S3BucketVersioningA(this, "uploads-versioning", {
      bucket: this.uploads.id,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketCorsConfiguration(this, "uploads-cors", {
      bucket: this.uploads.id,
      corsRule: [
        // The presigned POST goes straight from the browser to the bucket.
        {
          allowedMethods: ["POST"],
          allowedOrigins: props.consoleOrigins,
          allowedHeaders: ["*"],
          exposeHeaders: ["ETag"],
          maxAgeSeconds: CORS_MAX_AGE_SECONDS,
        },
        // Originals through the API's presigned GET URLs.
        {
          allowedMethods: ["GET", "HEAD"],
          allowedOrigins: props.consoleOrigins,
          maxAgeSeconds: CORS_MAX_AGE_SECONDS,
        },
      ],
    });
    new S3BucketCorsConfiguration(this, "media-cors", {
      bucket: this.media.id,
      corsRule: [
        {
          allowedMethods: ["GET", "HEAD"],
          allowedOrigins: props.consoleOrigins,
          maxAgeSeconds: CORS_MAX_AGE_SECONDS,
        },
      ],
    });
  }

  private privateBucket(id: string, name: string, forceDestroy: boolean): S3Bucket {
    const bucket = new S3Bucket(this, id, { bucket: name, forceDestroy });
    new S3BucketPublicAccessBlock(this, `${id}-public-access-block`, {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketServerSideEncryptionConfigurationA(this, `${id}-encryption`, {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    });
    // An interrupted multipart upload leaves parts that S3 bills for until they are aborted.
    new S3BucketLifecycleConfiguration(this, `${id}-lifecycle`, {
      bucket: bucket.id,
      rule: [
        {
          id: "abort-incomplete-multipart-uploads",
          status: "Enabled",
          filter: [{}],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
      ],
    });
    return bucket;
  }
}
