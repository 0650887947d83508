import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table/index.js";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket/index.js";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning/index.js";
import { Construct } from "constructs";
import type { InfraConfig } from "./config.ts";

/**
 * The bucket and lock table the `aws` target's S3 backend needs (state-backend.ts). main.ts's
 * StateBootstrapStack holds them with local state; `npm run deploy -- --target aws` applies it
 * before the main stack's first `terraform init`.
 */
export class StateBootstrap extends Construct {
  constructor(scope: Construct, id: string, config: InfraConfig) {
    super(scope, id);
    const bucket = new S3Bucket(this, "state", { bucket: config.state.bucket });
    // Every state ever written stays recoverable.
    new S3BucketVersioningA(this, "state-versioning", {
      bucket: bucket.id,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "state-encryption", {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    });
    new S3BucketPublicAccessBlock(this, "state-public-access-block", {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    // Terraform's S3 backend locks with an item keyed by the string attribute LockID.
    new DynamodbTable(this, "locks", {
      name: config.state.lockTable,
      billingMode: "PAY_PER_REQUEST",
      hashKey: "LockID",
      attribute: [{ name: "LockID", type: "S" }],
    });
  }
}
