import { AwsError } from "../../protocol/aws-error.ts";
import { s3Errors } from "./errors.ts";
import type { S3Call } from "./handler.ts";
import type { ObjectVersion } from "./model.ts";
import { MAX_PART_SIZE } from "./multipart-uploads.ts";
import { findVersion } from "./object-store.ts";
import type { S3State } from "./state.ts";

/** What x-amz-copy-source names. */
interface CopySourceName {
  bucket: string;
  key: string;
  versionId: string | null;
}

/** The source of CopyObject or UploadPartCopy, as found when the request arrived. */
export interface CopySource {
  name: CopySourceName;
  version: ObjectVersion;
  /** Whether the source bucket has versioning configured. */
  versioned: boolean;
}

/** Parses x-amz-copy-source: "[/]bucket/key[?versionId=...]", URL-encoded. */
function parseCopySource(value: string): CopySourceName {
  const invalid = () =>
    s3Errors.invalidArgument("Invalid copy source object key", "x-amz-copy-source", value);
  const q = value.indexOf("?");
  const path = q < 0 ? value : value.slice(0, q);
  const query = q < 0 ? "" : value.slice(q + 1);
  let decoded: string;
  try {
    decoded = decodeURIComponent(path.startsWith("/") ? path.slice(1) : path);
  } catch {
    throw invalid();
  }
  const slash = decoded.indexOf("/");
  if (slash <= 0 || slash === decoded.length - 1) throw invalid();
  const versionId = new URLSearchParams(query).get("versionId");
  if (versionId === "") {
    throw s3Errors.invalidArgument("Version id cannot be the empty string", "x-amz-copy-source", "");
  }
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1), versionId };
}

/**
 * The version a parsed source names now (copies look again after their awaits);
 * naming a delete marker by id is InvalidRequest for a copy, as on AWS.
 */
export function findCopySource(state: S3State, name: CopySourceName): CopySource {
  const bucket = state.bucket(name.bucket);
  try {
    return {
      name,
      version: findVersion(state, bucket, name.key, name.versionId),
      versioned: bucket.versioning !== undefined,
    };
  } catch (err) {
    if (err instanceof AwsError && err.code === "MethodNotAllowed") {
      throw s3Errors.invalidRequest(
        "The source of a copy request may not specifically refer to a delete marker by version id.",
      );
    }
    throw err;
  }
}

export function copySource(call: S3Call): CopySource {
  return findCopySource(call.state, parseCopySource(call.req.headers["x-amz-copy-source"] ?? ""));
}

/** S3 copies at most 5 GiB in one request (the part size limit too). */
export function checkCopySourceSize(size: number): void {
  if (size > MAX_PART_SIZE) {
    throw s3Errors.invalidRequest(
      `The specified copy source is larger than the maximum allowable size for a copy source: ${MAX_PART_SIZE}`,
    );
  }
}

/** Bytes start to end (inclusive) of a version. */
export async function readVersionRange(
  state: S3State,
  version: ObjectVersion,
  start: number,
  end: number,
): Promise<Buffer> {
  if (end < start) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  const ids = version.parts.map((p) => p.blobId);
  for await (const chunk of state.store.streamBlobs(ids, start, end + 1)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** x-amz-copy-source-version-id: only for a real version ("null" is none) of a versioned source bucket. */
export function copySourceHeaders(source: CopySource): Record<string, string> {
  const id = source.version.versionId;
  return source.versioned && id !== "null" ? { "x-amz-copy-source-version-id": id } : {};
}
