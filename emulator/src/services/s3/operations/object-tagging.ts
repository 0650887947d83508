import { AwsError } from "../../../protocol/aws-error.ts";
import { verifyRequestChecksums } from "../checksums.ts";
import { emptyResponse, xmlResponse } from "../codec.ts";
import { s3Errors } from "../errors.ts";
import type { S3Call, S3Handlers } from "../handler.ts";
import type { BucketRecord, ObjectVersion } from "../model.ts";
import { objectAttributes } from "../object-attributes.ts";
import { type AccessMethod, findVersion, replaceVersion } from "../object-store.ts";
import { validateObjectTags } from "../object-tags.ts";
import { readTagging } from "../tags.ts";

function target(call: S3Call, method: AccessMethod): { bucket: BucketRecord; version: ObjectVersion } {
  const bucket = call.state.bucket(call.bucket);
  return {
    bucket,
    version: findVersion(call.state, bucket, call.key, call.req.query.get("versionId"), method),
  };
}

function versionHeader(bucket: BucketRecord, version: ObjectVersion): Record<string, string> {
  return bucket.versioning ? { "x-amz-version-id": version.versionId } : {};
}

/**
 * GetObjectTagging differs from other reads, as AWS shows: a current delete marker is
 * MethodNotAllowed, and NoSuchKey names the key as "bucket/key".
 */
function taggingReadTarget(call: S3Call): { bucket: BucketRecord; version: ObjectVersion } {
  try {
    return target(call, "GET");
  } catch (err) {
    if (!(err instanceof AwsError) || err.code !== "NoSuchKey") throw err;
    if (err.headers["x-amz-delete-marker"] === "true") {
      const notAllowed = s3Errors.methodNotAllowed("GET", "DeleteMarker");
      Object.assign(notAllowed.headers, err.headers, { allow: "DELETE" });
      throw notAllowed;
    }
    throw new AwsError(err.code, err.message, err.status, {
      fields: { Key: `${call.bucket}/${call.key}` },
      headers: err.headers,
    });
  }
}

export const objectTaggingOperations: S3Handlers = {
  async PutObjectTagging(call) {
    const { bucket } = target(call, "PUT");
    await verifyRequestChecksums(call.req, call.req.body);
    const tags = readTagging(call.req.body);
    validateObjectTags(tags);
    // Looked up again after the await, so that the edit applies to the version as it is now.
    const { version } = target(call, "PUT");
    replaceVersion(call.state, call.bucket, call.key, { ...version, tags });
    return emptyResponse(200, versionHeader(bucket, version));
  },

  GetObjectTagging(call) {
    const { bucket, version } = taggingReadTarget(call);
    return xmlResponse(
      "Tagging",
      { TagSet: { Tag: version.tags.map((t) => ({ Key: t.Key, Value: t.Value })) } },
      versionHeader(bucket, version),
    );
  },

  DeleteObjectTagging(call) {
    const { bucket, version } = target(call, "DELETE");
    replaceVersion(call.state, call.bucket, call.key, { ...version, tags: [] });
    return emptyResponse(204, versionHeader(bucket, version));
  },

  GetObjectAttributes: objectAttributes,
};
