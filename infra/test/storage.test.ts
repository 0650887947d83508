import { describe, expect, it } from "vitest";
import {
  type Block,
  first,
  ref,
  resources,
  resourceWhere,
  synthTarget,
  type TerraformJson,
} from "./support/synth.ts";

/** The bucket's Terraform name and the configuration resources of `type` that point at it. */
function configsOf(json: TerraformJson, bucketName: string, type: string): Block[] {
  const [name] = resourceWhere(json, "aws_s3_bucket", "bucket", bucketName);
  return resources(json, type)
    .filter(([, body]) => body.bucket === ref("aws_s3_bucket", name, "id"))
    .map(([, body]) => body);
}

describe("storage", () => {
  const { json } = synthTarget("local");
  const buckets = ["darkroom-uploads", "darkroom-media"];

  it.each(buckets)("%s: SSE-S3 by default", (bucket) => {
    const [encryption] = configsOf(json, bucket, "aws_s3_bucket_server_side_encryption_configuration");
    expect(first(first(encryption?.rule).apply_server_side_encryption_by_default)).toEqual({
      sse_algorithm: "AES256",
    });
  });

  it.each(buckets)("%s: all public access blocked", (bucket) => {
    expect(configsOf(json, bucket, "aws_s3_bucket_public_access_block")).toEqual([
      expect.objectContaining({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      }),
    ]);
  });

  it.each(buckets)("%s: incomplete multipart uploads aborted after 1 day, whatever the key", (bucket) => {
    const [lifecycle] = configsOf(json, bucket, "aws_s3_bucket_lifecycle_configuration");
    const rule = first(lifecycle?.rule);
    expect(rule).toMatchObject({ status: "Enabled", filter: [{}] });
    expect(first(rule.abort_incomplete_multipart_upload)).toEqual({ days_after_initiation: 1 });
  });

  it("versions the uploads, not the variants (the processor rewrites them)", () => {
    const [versioning] = configsOf(json, "darkroom-uploads", "aws_s3_bucket_versioning");
    expect(first(versioning?.versioning_configuration)).toEqual({ status: "Enabled" });
    expect(configsOf(json, "darkroom-media", "aws_s3_bucket_versioning")).toEqual([]);
  });

  it("lets the console's origins POST uploads and read both buckets", () => {
    const origins = ["http://localhost:5173", "http://127.0.0.1:5173"];
    const [uploads] = configsOf(json, "darkroom-uploads", "aws_s3_bucket_cors_configuration");
    expect(uploads?.cors_rule).toEqual([
      expect.objectContaining({ allowed_methods: ["POST"], allowed_origins: origins }),
      expect.objectContaining({ allowed_methods: ["GET", "HEAD"], allowed_origins: origins }),
    ]);
    const [media] = configsOf(json, "darkroom-media", "aws_s3_bucket_cors_configuration");
    expect(media?.cors_rule).toEqual([
      expect.objectContaining({ allowed_methods: ["GET", "HEAD"], allowed_origins: origins }),
    ]);
  });

  it("takes names and origins from the config", () => {
    const custom = synthTarget("local", {
      env: { DARKROOM_NAME_PREFIX: "acme", DARKROOM_CONSOLE_ORIGINS: "https://console.acme.test" },
    }).json;
    const [cors] = configsOf(custom, "acme-uploads", "aws_s3_bucket_cors_configuration");
    expect(first(cors?.cors_rule).allowed_origins).toEqual(["https://console.acme.test"]);
    expect(resources(custom, "aws_s3_bucket").map(([, body]) => body.bucket)).toEqual(
      expect.arrayContaining(["acme-uploads", "acme-media"]),
    );
  });

  it("empties the buckets on destroy locally, never on AWS", () => {
    const local = resources(json, "aws_s3_bucket").map(([, body]) => body.force_destroy);
    const aws = resources(synthTarget("aws").json, "aws_s3_bucket").map(([, body]) => body.force_destroy);
    expect(local).toEqual([true, true]);
    expect(aws).toEqual([false, false]);
  });
});
