import { AwsError } from "../../../protocol/aws-error.ts";
import { parseXml } from "../../../protocol/xml.ts";
import { emptyResponse, xmlResponse } from "../codec.ts";
import { s3Errors } from "../errors.ts";
import type { S3Handlers } from "../handler.ts";
import { parseIntField } from "../list-params.ts";
import type { BucketRecord } from "../model.ts";
import { removeUpload } from "../multipart-uploads.ts";
import { ownerOf } from "../owner.ts";
import { type ObjectOwnership, OWNERSHIPS, ownershipXml } from "./bucket-config/ownership-controls.ts";

/** Bucket names as S3 allows them for new buckets (general purpose buckets). */
function isValidBucketName(name: string): boolean {
  if (name.length < 3 || name.length > 63) return false;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return false;
  if (name.includes("..") || /^\d+\.\d+\.\d+\.\d+$/.test(name)) return false;
  if (
    name.startsWith("xn--") ||
    name.startsWith("sthree-") ||
    name.endsWith("-s3alias") ||
    name.endsWith("--ol-s3")
  ) {
    return false;
  }
  return true;
}

const isObjectOwnership = (v: string): v is ObjectOwnership => (OWNERSHIPS as readonly string[]).includes(v);
const MAX_BUCKETS = 10000;

export const bucketOperations: S3Handlers = {
  ListBuckets({ state, ctx, req }) {
    const prefix = req.query.get("prefix") ?? "";
    const region = req.query.get("bucket-region");
    const mine = [...state.buckets.values()]
      .filter(
        (b) => b.accountId === ctx.accountId && b.name.startsWith(prefix) && (!region || b.region === region),
      )
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    const max = parseIntField(req.query.get("max-buckets"), "max-buckets", MAX_BUCKETS);
    if (max < 1 || max > MAX_BUCKETS) {
      throw s3Errors.invalidArgument(
        `Argument max-buckets must be an integer between 1 and ${MAX_BUCKETS}`,
        "max-buckets",
        String(max),
      );
    }
    const token = req.query.get("continuation-token");
    const after = token ? Buffer.from(token, "base64").toString() : null;
    const start = after === null ? 0 : mine.findIndex((b) => b.name > after);
    const from = start < 0 ? mine.length : start;
    const page = mine.slice(from, from + max);
    const more = page.length > 0 && from + page.length < mine.length;
    return xmlResponse("ListAllMyBucketsResult", {
      Owner: ownerOf(ctx.accountId),
      Buckets: {
        Bucket: page.map((b) => ({
          Name: b.name,
          CreationDate: new Date(b.createdAt),
          BucketRegion: b.region,
        })),
      },
      ContinuationToken: more ? Buffer.from(page[page.length - 1]!.name).toString("base64") : undefined,
      Prefix: req.query.has("prefix") ? prefix : undefined,
    });
  },

  CreateBucket({ state, ctx, bucket, req }) {
    if (!isValidBucketName(bucket)) throw s3Errors.invalidBucketName(bucket);
    let region = "us-east-1";
    if (req.body.length > 0) {
      const doc = parseXml(req.body);
      const conf = doc.CreateBucketConfiguration as Record<string, unknown> | undefined;
      const constraint = conf?.LocationConstraint;
      if (typeof constraint === "string" && constraint !== "")
        region = constraint === "EU" ? "eu-west-1" : constraint;
    }
    // As on AWS: outside us-east-1 the constraint must match the endpoint's region.
    if (req.body.length === 0 && ctx.region !== "us-east-1") {
      throw s3Errors.invalidRequest(
        "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.",
      );
    }
    if (region !== ctx.region && ctx.region !== "us-east-1") {
      throw new AwsError(
        "IllegalLocationConstraintException",
        `The ${region} location constraint is incompatible for the region specific endpoint this request was sent to.`,
        400,
      );
    }
    const existing = state.buckets.get(bucket);
    if (existing) {
      // us-east-1 answers 200 to its own owner's repeat create, as AWS does (legacy behaviour).
      if (existing.accountId === ctx.accountId && existing.region === "us-east-1" && region === "us-east-1") {
        return emptyResponse(200, { location: `/${bucket}` });
      }
      throw existing.accountId === ctx.accountId
        ? s3Errors.bucketAlreadyOwnedByYou(bucket)
        : s3Errors.bucketAlreadyExists(bucket);
    }
    const objectLock = (req.headers["x-amz-bucket-object-lock-enabled"] ?? "").toLowerCase() === "true";
    const record: BucketRecord = {
      name: bucket,
      accountId: ctx.accountId,
      region,
      createdAt: new Date().toISOString(),
      objectLockEnabled: objectLock,
      ...(objectLock ? { versioning: "Enabled" as const } : {}),
      config: {},
      tags: [],
    };
    const ownership = req.headers["x-amz-object-ownership"];
    if (ownership !== undefined && !isObjectOwnership(ownership)) {
      throw s3Errors.invalidArgument(
        `Invalid x-amz-object-ownership header: ${ownership}`,
        "x-amz-object-ownership",
        ownership,
      );
    }
    if (ownership) {
      record.config.ownershipControls = { body: ownershipXml(ownership) };
    }
    state.buckets.set(bucket, record);
    return emptyResponse(200, {
      location: region === "us-east-1" ? `/${bucket}` : `http://${bucket}.s3.amazonaws.com/`,
    });
  },

  HeadBucket({ state, bucket }) {
    const b = state.bucket(bucket);
    return emptyResponse(200, { "x-amz-bucket-region": b.region, "x-amz-access-point-alias": "false" });
  },

  DeleteBucket({ state, bucket }) {
    const b = state.bucket(bucket);
    if (state.objects(bucket).size > 0) {
      const err = s3Errors.bucketNotEmpty(bucket);
      // A bucket that ever had versioning may hold only old versions and delete markers.
      if (b.versioning === undefined) throw err;
      throw new AwsError(
        err.code,
        `${err.message}. You must delete all versions in the bucket.`,
        err.status,
        {
          fields: err.fields,
        },
      );
    }
    for (const upload of [...state.uploads.values()]) {
      if (upload.bucket === bucket) removeUpload(state, upload.uploadId);
    }
    state.buckets.delete(bucket);
    return emptyResponse(204);
  },

  GetBucketLocation({ state, bucket }) {
    const b = state.bucket(bucket);
    // us-east-1 is reported as an empty constraint, as on AWS.
    return xmlResponse("LocationConstraint", b.region === "us-east-1" ? "" : b.region);
  },
};
