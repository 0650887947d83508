import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateBucketCommand,
  GetBucketLifecycleConfigurationCommand,
  type LifecycleRule,
  PutBucketLifecycleConfigurationCommand,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../src/index.ts";
import { s3Client, uniqueName } from "./support/clients.ts";
import { zipOf } from "./support/lambda.ts";
import { explain, localProviderHcl, terraform } from "./support/terraform.ts";

/** One HTTP exchange between a client and the emulator, as it went over the wire. */
interface Exchange {
  method: string;
  url: URL;
  requestHeaders: IncomingHttpHeaders;
  requestBody: string;
  status: number;
  responseHeaders: IncomingHttpHeaders;
  responseBody: string;
}

/** Forwards every request to `target` unchanged (the signature covers the Host header) and records it. */
async function recordingProxy(target: string, log: Exchange[]): Promise<Server> {
  const to = new URL(target);
  const server = createServer((req, res) => {
    const sent: Buffer[] = [];
    req.on("data", (c: Buffer) => sent.push(c));
    req.on("end", () => {
      const requestBody = Buffer.concat(sent);
      const upstream = request(
        { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          const got: Buffer[] = [];
          up.on("data", (c: Buffer) => got.push(c));
          up.on("end", () => {
            const responseBody = Buffer.concat(got);
            log.push({
              method: req.method ?? "",
              url: new URL(req.url ?? "/", target),
              requestHeaders: req.headers,
              requestBody: requestBody.toString(),
              status: up.statusCode ?? 0,
              responseHeaders: up.headers,
              responseBody: responseBody.toString(),
            });
            res.writeHead(up.statusCode ?? 502, up.headers);
            res.end(responseBody);
          });
        },
      );
      upstream.on("error", () => res.destroy());
      upstream.end(requestBody);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

/** The requests on `bucket`'s `sub`resource (?lifecycle, ?versioning...), in order. */
function onSubresource(log: Exchange[], bucket: string, sub: string): Exchange[] {
  // Path style: Go's SDK writes /bucket, the JavaScript SDK /bucket/.
  const paths = [`/${bucket}`, `/${bucket}/`];
  return log.filter((e) => paths.includes(e.url.pathname) && e.url.searchParams.has(sub));
}

/** The reads a provider's waiter made after its one PUT of the subresource. */
function readsAfterPut(exchanges: Exchange[]): { put: Exchange; reads: Exchange[] } {
  const at = exchanges.findIndex((e) => e.method === "PUT");
  expect(at, "no PUT").toBeGreaterThanOrEqual(0);
  expect(exchanges.filter((e) => e.method === "PUT")).toHaveLength(1);
  return { put: exchanges[at]!, reads: exchanges.slice(at + 1).filter((e) => e.method === "GET") };
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
const SIZE_HEADER = "x-amz-transition-default-minimum-object-size";

/**
 * What S3 answers for the rules below: `filter {}` goes out as <Filter><Prefix></Prefix></Filter>
 * and must come back so (the Go SDK reads <Filter/> as a nil Prefix, which is not the "" it sent);
 * ID, filter and Status come before the actions, Expiration after Status.
 */
const LIFECYCLE_XML =
  `${XML_DECLARATION}<LifecycleConfiguration ${NS}>` +
  "<Rule><ID>abort-incomplete-multipart-uploads</ID><Filter><Prefix></Prefix></Filter><Status>Enabled</Status>" +
  "<AbortIncompleteMultipartUpload><DaysAfterInitiation>1</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule>" +
  "<Rule><ID>expire-abandoned-uploads</ID><Filter><Prefix>uploads/</Prefix></Filter><Status>Enabled</Status>" +
  "<Expiration><Days>7</Days></Expiration>" +
  "<NoncurrentVersionExpiration><NoncurrentDays>30</NoncurrentDays></NoncurrentVersionExpiration></Rule>" +
  "</LifecycleConfiguration>";

/** The same rules as the AWS SDK's Put takes them, the way the provider expands them. */
const RULES: LifecycleRule[] = [
  {
    ID: "abort-incomplete-multipart-uploads",
    Filter: { Prefix: "" },
    Status: "Enabled",
    AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
  },
  {
    ID: "expire-abandoned-uploads",
    Filter: { Prefix: "uploads/" },
    Status: "Enabled",
    Expiration: { Days: 7 },
    NoncurrentVersionExpiration: { NoncurrentDays: 30 },
  },
];

/**
 * The provider (5.100.0) waits 10 s after the Put, then needs this many matching reads in a row,
 * 5 s apart; a read that differs from what it put starts the count again, up to its 3 min timeout.
 */
const LIFECYCLE_WAITER_READS = 10;

/** The Darkroom stack's bucket sub-resources (infra/storage.ts, infra/processing.ts) on one bucket. */
function config(): string {
  return `
${localProviderHcl(["iam", "lambda", "s3", "sts"], { s3PathStyle: true })}
resource "aws_s3_bucket" "uploads" {
  bucket        = var.name
  force_destroy = true
}

resource "aws_s3_bucket_versioning" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "uploads" {
  bucket                  = aws_s3_bucket.uploads.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_cors_configuration" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  cors_rule {
    allowed_methods = ["POST"]
    allowed_origins = ["http://localhost:5173"]
    allowed_headers = ["*"]
    expose_headers  = ["ETag"]
    max_age_seconds = 600
  }
  cors_rule {
    allowed_methods = ["GET", "HEAD"]
    allowed_origins = ["http://localhost:5173"]
    max_age_seconds = 600
  }
}

resource "aws_s3_bucket_ownership_controls" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
  rule {
    id     = "expire-abandoned-uploads"
    status = "Enabled"
    filter {
      prefix = "uploads/"
    }
    expiration {
      days = 7
    }
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
  }
  depends_on = [aws_s3_bucket_versioning.uploads]
}

resource "aws_iam_role" "processor" {
  name = "\${var.name}-processor"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_lambda_function" "processor" {
  function_name    = "\${var.name}-processor"
  role             = aws_iam_role.processor.arn
  runtime          = "nodejs22.x"
  handler          = "index.handler"
  filename         = "\${path.module}/processor.zip"
  source_code_hash = filebase64sha256("\${path.module}/processor.zip")
}

resource "aws_lambda_permission" "from_uploads" {
  statement_id  = "AllowS3Invoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.processor.function_name
  principal     = "s3.amazonaws.com"
  source_arn    = aws_s3_bucket.uploads.arn
}

resource "aws_s3_bucket_notification" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  lambda_function {
    id                  = "process-uploads"
    lambda_function_arn = aws_lambda_function.processor.arn
    events              = ["s3:ObjectCreated:*"]
    filter_prefix       = "uploads/"
  }
  depends_on = [aws_lambda_permission.from_uploads]
}
`;
}

/** Bucket, six sub-resources, lifecycle, role, function, permission. */
const RESOURCES = 11;

/** The sub-resources besides lifecycle, by their query parameter. */
const OTHER_SUBRESOURCES = [
  "versioning",
  "encryption",
  "publicAccessBlock",
  "cors",
  "ownershipControls",
  "notification",
];

let emulator: RunningEmulator;
let proxy: Server;
let proxyUrl: string;
const log: Exchange[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, persist: false });
  proxy = await recordingProxy(emulator.url, log);
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => proxy.close(resolve));
  await emulator.stop();
});

describe("GetBucketLifecycleConfiguration on the wire", () => {
  it("answers a put rule by rule, an empty-prefix filter as <Prefix></Prefix>, with the size header", async () => {
    const s3 = s3Client(proxyUrl);
    const bucket = uniqueName("lc-wire");
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: bucket,
        TransitionDefaultMinimumObjectSize: "all_storage_classes_128K",
        LifecycleConfiguration: { Rules: RULES },
      }),
    );
    const got = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
    expect(got.Rules).toEqual(RULES);
    expect(got.TransitionDefaultMinimumObjectSize).toBe("all_storage_classes_128K");

    const read = onSubresource(log, bucket, "lifecycle").at(-1)!;
    expect(read.method).toBe("GET");
    expect(read.responseBody).toBe(LIFECYCLE_XML);
    expect(read.responseHeaders[SIZE_HEADER]).toBe("all_storage_classes_128K");
    s3.destroy();
  });
});

/**
 * Takes about a minute whatever the emulator does: the lifecycle waiter's fixed 10 s delay plus
 * nine 5 s polls (LIFECYCLE_WAITER_READS) is the fastest it can finish, against AWS too.
 */
describe("Terraform AWS provider 5.100.0: the bucket sub-resources", () => {
  const dir = mkdtempSync(join(tmpdir(), "darkroom-tf-lifecycle-"));
  const bucket = uniqueName("darkroom-lc");
  const vars = () => ["-var", `endpoint=${proxyUrl}`, "-var", `name=${bucket}`];

  afterAll(async () => {
    await terraform(dir, ["destroy", "-auto-approve", "-no-color", ...vars()]);
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it("reads back each configuration as put, so no waiter reads twice for a change", {
    timeout: 300_000,
  }, async () => {
    writeFileSync(join(dir, "main.tf"), config());
    writeFileSync(join(dir, "processor.zip"), zipOf({ "index.js": "exports.handler = async () => ({});\n" }));
    const init = await terraform(dir, ["init", "-no-color", "-input=false"]);
    expect(init.code, explain("init", init)).toBe(0);

    log.length = 0;
    const apply = await terraform(dir, ["apply", "-auto-approve", "-no-color", ...vars()]);
    expect(apply.code, explain("apply", apply)).toBe(0);
    expect(apply.stdout).toContain(`Apply complete! Resources: ${RESOURCES} added`);

    const lifecycle = readsAfterPut(onSubresource(log, bucket, "lifecycle"));
    expect(lifecycle.put.requestBody).toContain(
      "<Filter><Prefix></Prefix></Filter><ID>abort-incomplete-multipart-uploads</ID>",
    );
    const sentSize = lifecycle.put.requestHeaders[SIZE_HEADER];
    expect(sentSize).toBe("all_storage_classes_128K");
    expect(lifecycle.put.responseHeaders[SIZE_HEADER]).toBe(sentSize);
    // Only the minimum run of matching reads: every one answered exactly what was put.
    expect(lifecycle.reads).toHaveLength(LIFECYCLE_WAITER_READS);
    for (const read of lifecycle.reads) {
      expect(read.status).toBe(200);
      expect(read.responseBody).toBe(LIFECYCLE_XML);
      expect(read.responseHeaders[SIZE_HEADER]).toBe(sentSize);
    }

    for (const sub of OTHER_SUBRESOURCES) {
      const { put, reads } = readsAfterPut(onSubresource(log, bucket, sub));
      expect(put.status, `PUT ?${sub}`).toBe(200);
      expect(reads.length, `GET ?${sub} after the put`).toBeGreaterThan(0);
      // The first read already holds what was put, and nothing changes after it.
      for (const read of reads) {
        expect(read.status, `GET ?${sub}`).toBe(200);
        expect(read.responseBody, `GET ?${sub}`).toBe(reads[0]!.responseBody);
      }
    }
    const versioning = readsAfterPut(onSubresource(log, bucket, "versioning")).reads;
    expect(versioning[0]!.responseBody).toContain("<Status>Enabled</Status>");

    const plan = await terraform(dir, ["plan", "-detailed-exitcode", "-no-color", ...vars()]);
    // -detailed-exitcode: 0 means no changes, 2 means a read differs from what was applied.
    expect(plan.code, explain("plan", plan)).toBe(0);
  });
});
