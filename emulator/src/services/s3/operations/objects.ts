import { AwsError } from "../../../protocol/aws-error.ts";
import { asArray, parseXml } from "../../../protocol/xml.ts";
import { checksumHeader, requireChecksum } from "../checksums.ts";
import { emptyResponse, xmlResponse } from "../codec.ts";
import { checkWriteConditions } from "../conditions.ts";
import { s3Errors } from "../errors.ts";
import type { S3Handlers } from "../handler.ts";
import type { ObjectVersion } from "../model.ts";
import { copyObject } from "../object-copy.ts";
import { objectAttributesFrom } from "../object-headers.ts";
import { readObject } from "../object-read.ts";
import { deleteObject, putVersion } from "../object-store.ts";
import { singlePartChecksum, singlePartVersion } from "../single-part.ts";

const MAX_KEY_BYTES = 1024;
const MAX_DELETE_KEYS = 1000;

export function checkKey(key: string): void {
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) {
    throw new AwsError("KeyTooLongError", "Your key is too long", 400, {
      fields: { Size: String(Buffer.byteLength(key)), MaxSizeAllowed: String(MAX_KEY_BYTES) },
    });
  }
}

/** Headers a write answers with: ETag, encryption, version id and checksum. */
export function writeHeaders(version: ObjectVersion, versioned: boolean): Record<string, string> {
  const h: Record<string, string> = {
    etag: version.etag,
    "x-amz-server-side-encryption": version.serverSideEncryption,
  };
  if (versioned) h["x-amz-version-id"] = version.versionId;
  if (version.checksum) {
    h[checksumHeader(version.checksum.algorithm)] = version.checksum.value;
    h["x-amz-checksum-type"] = version.checksum.type;
  }
  return h;
}

type DeleteEntry = { Key: string; VersionId: string | null };

/** The <Delete> document of DeleteObjects: up to 1000 <Object>s, each with a <Key>. */
function parseDeleteRequest(body: Buffer): { objects: DeleteEntry[]; quiet: boolean } {
  const doc = parseXml(body).Delete;
  if (!doc || typeof doc !== "object") throw s3Errors.malformedXml();
  const fields = doc as Record<string, unknown>;
  const raw = asArray(fields.Object as unknown);
  if (raw.length === 0 || raw.length > MAX_DELETE_KEYS) throw s3Errors.malformedXml();
  const objects = raw.map((o): DeleteEntry => {
    if (!o || typeof o !== "object") throw s3Errors.malformedXml();
    const { Key, VersionId } = o as Record<string, unknown>;
    if (typeof Key !== "string") throw s3Errors.malformedXml();
    return { Key, VersionId: typeof VersionId === "string" && VersionId !== "" ? VersionId : null };
  });
  const quiet =
    String(fields.Quiet ?? "false")
      .trim()
      .toLowerCase() === "true";
  return { objects, quiet };
}

export const objectOperations: S3Handlers = {
  async PutObject(call) {
    const { state, ctx, req, bucket, key } = call;
    const b = state.bucket(bucket);
    checkKey(key);
    const body = req.body;
    const attrs = objectAttributesFrom(req);
    checkWriteConditions(req, state.currentVersion(bucket, key), key);
    const checksum = await singlePartChecksum(req, body);
    // Again after the awaits: a racing conditional write may have landed meanwhile.
    checkWriteConditions(req, state.currentVersion(bucket, key), key);
    // Object.assign, not spreads: V8 makes a new hidden class for every object merged by spreads.
    const fields = Object.assign({}, singlePartVersion(state, body), attrs, {
      checksum,
      ownerAccountId: ctx.accountId,
    });
    const version = putVersion(state, ctx, req, b, key, fields, "ObjectCreated:Put");
    const headers = writeHeaders(version, b.versioning !== undefined);
    headers["content-length"] = "0";
    return emptyResponse(200, headers);
  },

  GetObject(call) {
    return readObject(call, true);
  },

  HeadObject(call) {
    return readObject(call, false);
  },

  DeleteObject({ state, ctx, req, bucket, key }) {
    const b = state.bucket(bucket);
    const outcome = deleteObject(state, ctx, req, b, key, req.query.get("versionId"));
    const headers: Record<string, string> = {};
    if (outcome.deleteMarker) headers["x-amz-delete-marker"] = "true";
    if (outcome.versionId && b.versioning) headers["x-amz-version-id"] = outcome.versionId;
    return emptyResponse(204, headers);
  },

  async DeleteObjects({ state, ctx, req, bucket }) {
    const b = state.bucket(bucket);
    await requireChecksum(req);
    const { objects, quiet } = parseDeleteRequest(req.body);
    const deleted: Array<Record<string, string | boolean>> = [];
    const errors: Array<Record<string, string>> = [];
    for (const { Key: key, VersionId: versionId } of objects) {
      const withVersion: Record<string, string> = versionId !== null ? { VersionId: versionId } : {};
      try {
        const outcome = deleteObject(state, ctx, req, b, key, versionId, "batch");
        // Quiet mode reports only the failures.
        if (quiet) continue;
        const item: Record<string, string | boolean> = { Key: key, ...withVersion };
        if (outcome.deleteMarker) {
          item.DeleteMarker = true;
          if (outcome.versionId) item.DeleteMarkerVersionId = outcome.versionId;
        }
        deleted.push(item);
      } catch (err) {
        if (!(err instanceof AwsError)) throw err;
        errors.push({ Key: key, ...withVersion, Code: err.code, Message: err.message });
      }
    }
    return xmlResponse("DeleteResult", { Deleted: deleted, Error: errors });
  },

  CopyObject(call) {
    return copyObject(call);
  },
};
