import { randomBytes } from "node:crypto";
import type { RequestContext } from "../../gateway/context.ts";
import type { HttpRequest } from "../../gateway/http.ts";
import { s3Errors } from "./errors.ts";
import { publishObjectEvent, type S3EventName } from "./events.ts";
import type { BucketRecord, ObjectEntry, ObjectVersion } from "./model.ts";
import type { S3State } from "./state.ts";

/** A fresh version id: 32 URL-safe characters, as opaque as AWS's. */
export function newVersionId(): string {
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
  const stored: ObjectVersion = { ...version, versionId };
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
  /** The version id removed, or of the delete marker created. */
  versionId?: string;
  deleteMarker: boolean;
}

/** DeleteObject's rules: a delete marker in versioned buckets, removal otherwise or with a version id. */
export function deleteObject(
  state: S3State,
  ctx: RequestContext,
  req: HttpRequest,
  bucket: BucketRecord,
  key: string,
  versionId: string | null,
): DeleteOutcome {
  const table = state.objects(bucket.name);
  const entry = table.get(key);
  if (versionId !== null) {
    if (!entry) return { versionId, deleteMarker: false };
    const target = entry.versions.find((v) => v.versionId === versionId);
    if (!target) {
      if (versionId !== "null" && !/^[A-Za-z0-9_-]{32}$/.test(versionId)) {
        throw s3Errors.invalidArgument("Invalid version id specified", "versionId", versionId);
      }
      return { versionId, deleteMarker: false };
    }
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

/**
 * Finds the version a GetObject/HeadObject/CopyObject addresses. A current delete
 * marker is NoSuchKey; asking for a delete marker by id is MethodNotAllowed; both
 * carry x-amz-delete-marker, as on AWS.
 */
export function findVersion(
  state: S3State,
  bucket: BucketRecord,
  key: string,
  versionId: string | null,
): ObjectVersion {
  const entry = state.objects(bucket.name).get(key);
  if (versionId !== null) {
    const v = entry?.versions.find((x) => x.versionId === versionId);
    if (!v) {
      if (versionId !== "null" && !/^[A-Za-z0-9_-]{32}$/.test(versionId)) {
        throw s3Errors.invalidArgument("Invalid version id specified", "versionId", versionId);
      }
      throw s3Errors.noSuchVersion(key, versionId);
    }
    if (v.isDeleteMarker) {
      const err = s3Errors.methodNotAllowed("GET", "DeleteMarker");
      err.headers["x-amz-delete-marker"] = "true";
      err.headers["x-amz-version-id"] = v.versionId;
      throw err;
    }
    return v;
  }
  const current = entry?.versions[0];
  if (!current) throw s3Errors.noSuchKey(key);
  if (current.isDeleteMarker) {
    const err = s3Errors.noSuchKey(key);
    err.headers["x-amz-delete-marker"] = "true";
    if (bucket.versioning) err.headers["x-amz-version-id"] = current.versionId;
    throw err;
  }
  return current;
}
