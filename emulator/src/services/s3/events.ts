import type { RequestContext } from "../../gateway/context.ts";
import type { HttpRequest } from "../../gateway/http.ts";
import { extendedRequestId } from "./codec.ts";
import type { BucketRecord, ObjectVersion } from "./model.ts";
import { amazonCustomerId } from "./owner.ts";

export type S3EventName =
  | "ObjectCreated:Put"
  | "ObjectCreated:Post"
  | "ObjectCreated:Copy"
  | "ObjectCreated:CompleteMultipartUpload"
  | "ObjectRemoved:Delete"
  | "ObjectRemoved:DeleteMarkerCreated";

/** One record of an S3 event notification, exactly as S3 sends it (event version 2.1). */
export interface S3EventRecord {
  eventVersion: "2.1";
  eventSource: "aws:s3";
  awsRegion: string;
  eventTime: string;
  eventName: S3EventName;
  userIdentity: { principalId: string };
  requestParameters: { sourceIPAddress: string };
  responseElements: { "x-amz-request-id": string; "x-amz-id-2": string };
  s3: {
    s3SchemaVersion: "1.0";
    /** Filled in by delivery with the matching notification configuration's id. */
    configurationId: string;
    bucket: { name: string; ownerIdentity: { principalId: string }; arn: string };
    object: { key: string; size?: number; eTag?: string; versionId?: string; sequencer: string };
  };
}

/** What the bus carries: the record plus what delivery needs to match it against the bucket's configuration. */
export interface S3ObjectEvent {
  accountId: string;
  bucket: string;
  /** The object key as stored (the record's key is URL-encoded). */
  key: string;
  readonly record: S3EventRecord;
}

/** The event bus topic every S3 object event is published on. */
export const S3_EVENT_TOPIC = "s3:object-event";

let sequence = BigInt(Date.now()) << 16n;

/** Keys that form encoding leaves as they are, the common case. */
const PLAIN_KEY = /^[A-Za-z0-9.\-*_/]*$/;

/**
 * S3 event keys are form-encoded (spaces as "+"), keeping "/" and the characters
 * form encoding leaves alone (letters, digits, ".", "-", "*", "_").
 */
export function eventKey(key: string): string {
  if (PLAIN_KEY.test(key)) return key;
  let out = "";
  for (const byte of Buffer.from(key, "utf8")) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9.\-*_/]/.test(c)) out += c;
    else if (c === " ") out += "+";
    else out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** What a record is built from, taken when the change happens. */
interface RecordFacts {
  bucket: BucketRecord;
  key: string;
  version: ObjectVersion;
  eventName: S3EventName;
  time: number;
  sequence: bigint;
  principalId: string;
  sourceIp: string;
  requestId: string;
}

export function publishObjectEvent(
  ctx: RequestContext,
  req: HttpRequest,
  bucket: BucketRecord,
  key: string,
  version: ObjectVersion,
  eventName: S3EventName,
): void {
  sequence += 1n;
  const facts: RecordFacts = {
    bucket,
    key,
    version,
    eventName,
    time: Date.now(),
    sequence,
    principalId: principalId(ctx),
    sourceIp: req.headers["x-forwarded-for"]?.split(",")[0]?.trim() ?? "127.0.0.1",
    requestId: req.requestId,
  };
  // Most events reach no destination: the record is built when first read, not on every write.
  let record: S3EventRecord | undefined;
  const event: S3ObjectEvent = {
    accountId: bucket.accountId,
    bucket: bucket.name,
    key,
    get record() {
      record ??= recordOf(facts);
      return record;
    },
  };
  ctx.runtime.events.publish(S3_EVENT_TOPIC, event);
}

function recordOf(f: RecordFacts): S3EventRecord {
  const { bucket, version } = f;
  const removed = f.eventName.startsWith("ObjectRemoved");
  return {
    eventVersion: "2.1",
    eventSource: "aws:s3",
    awsRegion: bucket.region,
    eventTime: new Date(f.time).toISOString(),
    eventName: f.eventName,
    userIdentity: { principalId: f.principalId },
    requestParameters: { sourceIPAddress: f.sourceIp },
    // The same ids as the response's headers.
    responseElements: { "x-amz-request-id": f.requestId, "x-amz-id-2": extendedRequestId(f.requestId) },
    s3: {
      s3SchemaVersion: "1.0",
      configurationId: "",
      bucket: {
        name: bucket.name,
        ownerIdentity: { principalId: amazonCustomerId(bucket.accountId) },
        arn: `arn:aws:s3:::${bucket.name}`,
      },
      object: {
        key: eventKey(f.key),
        ...(removed ? {} : { size: version.size, eTag: version.etag.replace(/"/g, "") }),
        ...(version.versionId !== "null" ? { versionId: version.versionId } : {}),
        sequencer: f.sequence.toString(16).toUpperCase().padStart(18, "0"),
      },
    },
  };
}

/** Who made the request: an account's root user by its customer id, IAM identities as "AWS:<unique id>". */
function principalId(ctx: RequestContext): string {
  if (ctx.principal.accessKeyId === null) return "ANONYMOUS";
  if (ctx.principal.arn.endsWith(":root")) return amazonCustomerId(ctx.principal.accountId);
  return `AWS:${ctx.principal.userId}`;
}
