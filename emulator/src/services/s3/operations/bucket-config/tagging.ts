import { AwsError } from "../../../../protocol/aws-error.ts";
import { requireChecksum } from "../../checksums.ts";
import { emptyResponse, xmlResponse } from "../../codec.ts";
import { s3Errors } from "../../errors.ts";
import type { S3Handlers } from "../../handler.ts";
import {
  charCount,
  duplicateTagKey,
  invalidTag,
  isTagText,
  MAX_TAG_KEY_CHARS,
  MAX_TAG_VALUE_CHARS,
  readTagging,
  type Tag,
} from "../../tags.ts";

const MAX_BUCKET_TAGS = 50;

/** Validates a bucket tag set in S3's order of checks, which differs from objects'. */
function checkBucketTags(tags: Tag[]): Tag[] {
  if (tags.length > MAX_BUCKET_TAGS) {
    throw new AwsError("BadRequest", "Bucket tag count cannot be greater than 50", 400);
  }
  const seen = new Set<string>();
  for (const { Key, Value } of tags) {
    if (Key === "" || charCount(Key) > MAX_TAG_KEY_CHARS || !isTagText(Key)) {
      throw invalidTag("The TagKey you have provided is invalid", { TagKey: Key });
    }
    if (charCount(Value) > MAX_TAG_VALUE_CHARS || !isTagText(Value)) {
      throw invalidTag("The TagValue you have provided is invalid", { TagKey: Key, TagValue: Value });
    }
    if (Key.toLowerCase().startsWith("aws:")) {
      throw invalidTag("System tags cannot be added/updated by requester", { TagKey: Key });
    }
    if (seen.has(Key)) throw duplicateTagKey(Key);
    seen.add(Key);
  }
  return tags;
}

export const taggingOperations: S3Handlers = {
  async PutBucketTagging({ state, req, bucket }) {
    const b = state.bucket(bucket);
    await requireChecksum(req);
    // An empty tag set removes the tags, as on S3.
    state.buckets.set(bucket, { ...b, tags: checkBucketTags(readTagging(req.body)) });
    return emptyResponse(204);
  },

  GetBucketTagging({ state, bucket }) {
    const b = state.bucket(bucket);
    if (b.tags.length === 0) {
      throw s3Errors.notConfigured("NoSuchTagSet", "The TagSet does not exist", bucket);
    }
    return xmlResponse("Tagging", { TagSet: { Tag: b.tags } });
  },

  DeleteBucketTagging({ state, bucket }) {
    const b = state.bucket(bucket);
    state.buckets.set(bucket, { ...b, tags: [] });
    return emptyResponse(204);
  },
};
