import { randomBytes } from "node:crypto";
import type { RequestContext } from "../../gateway/context.ts";
import type { HttpRequest } from "../../gateway/http.ts";
import { s3Errors } from "./errors.ts";
import { publishObjectEvent, type S3EventName } from "./events.ts";
import type { BucketRecord, ObjectEntry, ObjectVersion } from "./model.ts";
import type { S3State } from "./state.ts";

/** A fresh version id: 32 URL-safe characters, as opaque as AWS's. */
function newVersionId(): string {
  return randomBytes(24).toString("base64url");
}

/**
 * Stores a new version under `key` with S3's versioning rules: unversioned and
 * suspended buckets replace the "null" version (freeing its bytes); enabled
 * buckets keep every version. Publishes the ObjectCreated event.
 */
export function putVersion(
  state: S3State,
  ctx: RequestContext,
  req: HttpRequest,
  bucket: BucketRecord,
  key: string,
  version: Omit<ObjectVersion, "versionId">,
  eventName: S3EventName,
): ObjectVersion {
  const table = state.objects(bucket.name);
  const entry: ObjectEntry = table.get(key) ?? { key, versions: [] };
  const versionId = bucket.versioning === "Enabled" ? newVersionId() : "null";
  // Not a spread: V8 gives a spread plus a property a new hidden class on every call.
  const stored: ObjectVersion = Object.assign({}, version, { versionId });
  const kept: ObjectVersion[] = [];
  for (const v of entry.versions) {
    if (v.versionId === "null" && versionId === "null") state.freeVersion(v);
    else kept.push(v);
  }
  table.set(key, { key, versions: [stored, ...kept] });
  publishObjectEvent(ctx, req, bucket, key, stored, eventName);
  return stored;
}

export interface DeleteOutcome {
  /** The version id removed, or of the delete marker created; absent when nothing was versioned. */
  versionId?: string;
  deleteMarker: boolean;
}

/** Our version ids: 32 URL-safe characters. */
const VERSION_ID = /^[A-Za-z0-9_-]{32}$/;

function invalidVersionId(versionId: string) {
  if (versionId === "")
    return s3Errors.invalidArgument("Version id cannot be the empty string", "versionId", "");
  return s3Errors.invalidArgument("Invalid version id specified", "versionId", versionId);
}

/**
 * DeleteObject's rules: a delete marker in versioned buckets, removal otherwise or with a
 * version id. `missingVersion` is the error for a version id that names nothing: DeleteObject
 * answers InvalidArgument (and 204 for a key that never existed), DeleteObjects NoSuchVersion.
 */
export function deleteObject(
  state: S3State,
  ctx: RequestContext,
  req: HttpRequest,
  bucket: BucketRecord,
  key: string,
  versionId: string | null,
  missingVersion: "single" | "batch" = "single",
): DeleteOutcome {
  const table = state.objects(bucket.name);
  const entry = table.get(key);
  if (versionId !== null) {
    const missing = () =>
      missingVersion === "batch" && versionId !== ""
        ? s3Errors.noSuchVersion(key, versionId)
        : invalidVersionId(versionId);
    if (versionId === "") throw missing();
    if (!bucket.versioning && versionId !== "null") throw missing();
    if (!entry) {
      if (missingVersion === "batch") throw missing();
      return { deleteMarker: false };
    }
    const target = entry.versions.find((v) => v.versionId === versionId);
    if (!target) throw missing();
    const rest = entry.versions.filter((v) => v !== target);
    state.freeVersion(target);
    if (rest.length === 0) table.delete(key);
    else table.set(key, { key, versions: rest });
    if (!target.isDeleteMarker) publishObjectEvent(ctx, req, bucket, key, target, "ObjectRemoved:Delete");
    return { versionId, deleteMarker: target.isDeleteMarker };
  }
  if (!bucket.versioning) {
    if (entry) {
      for (const v of entry.versions) state.freeVersion(v);
      table.delete(key);
      publishObjectEvent(ctx, req, bucket, key, entry.versions[0]!, "ObjectRemoved:Delete");
    }
    return { deleteMarker: false };
  }
  const marker: ObjectVersion = {
    versionId: bucket.versioning === "Enabled" ? newVersionId() : "null",
    isDeleteMarker: true,
    lastModified: new Date().toISOString(),
    size: 0,
    etag: "",
    parts: [],
    headers: {},
    metadata: {},
    tags: [],
    serverSideEncryption: "",
    storageClass: "STANDARD",
    ownerAccountId: ctx.accountId,
  };
  const kept: ObjectVersion[] = [];
  for (const v of entry?.versions ?? []) {
    if (v.versionId === "null" && marker.versionId === "null") state.freeVersion(v);
    else kept.push(v);
  }
  table.set(key, { key, versions: [marker, ...kept] });
  publishObjectEvent(ctx, req, bucket, key, marker, "ObjectRemoved:DeleteMarkerCreated");
  return { versionId: marker.versionId, deleteMarker: true };
}

/** The HTTP method of the operation looking a version up, as S3 names it in MethodNotAllowed. */
export type AccessMethod = "GET" | "HEAD" | "PUT" | "DELETE";

function deleteMarkerNotAllowed(method: AccessMethod, marker: ObjectVersion) {
  const err = s3Errors.methodNotAllowed(method, "DeleteMarker");
  err.headers["x-amz-delete-marker"] = "true";
  err.headers["x-amz-version-id"] = marker.versionId;
  err.headers.allow = "DELETE";
  return err;
}

/**
 * Finds the version an operation addresses. A current delete marker is NoSuchKey for
 * reads and MethodNotAllowed for writes to sub-resources (tagging, ACL); naming a delete
 * marker by id is MethodNotAllowed. Both carry x-amz-delete-marker, as on AWS.
 */
export function findVersion(
  state: S3State,
  bucket: BucketRecord,
  key: string,
  versionId: string | null,
  method: AccessMethod = "GET",
): ObjectVersion {
  const entry = state.objects(bucket.name).get(key);
  if (versionId !== null) {
    if (versionId === "" || (!bucket.versioning && versionId !== "null")) throw invalidVersionId(versionId);
    const v = entry?.versions.find((x) => x.versionId === versionId);
    if (!v) {
      if (versionId !== "null" && !VERSION_ID.test(versionId)) throw invalidVersionId(versionId);
      throw s3Errors.noSuchVersion(key, versionId);
    }
    if (v.isDeleteMarker) throw deleteMarkerNotAllowed(method, v);
    return v;
  }
  const current = entry?.versions[0];
  if (!current) throw s3Errors.noSuchKey(key);
  if (current.isDeleteMarker) {
    if (method === "PUT" || method === "DELETE") throw deleteMarkerNotAllowed(method, current);
    const err = s3Errors.noSuchKey(key);
    err.headers["x-amz-delete-marker"] = "true";
    err.headers["x-amz-version-id"] = current.versionId;
    throw err;
  }
  return current;
}

/** Replaces one stored version (same id) with `next`, keeping the others: for tagging and similar edits. */
export function replaceVersion(state: S3State, bucket: string, key: string, next: ObjectVersion): void {
  const table = state.objects(bucket);
  const entry = table.get(key);
  if (!entry) return;
  table.set(key, {
    key,
    versions: entry.versions.map((v) => (v.versionId === next.versionId ? next : v)),
  });
}
