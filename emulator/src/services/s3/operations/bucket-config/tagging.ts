import { AwsError } from "../../../../protocol/aws-error.ts";
import { emptyResponse, xmlResponse } from "../../codec.ts";
import { s3Errors } from "../../errors.ts";
import type { S3Handlers } from "../../handler.ts";
import { readConfigXml, xmlList, xmlStruct, xmlText } from "./config-xml.ts";
import { requireChecksum } from "./stored-config.ts";

const taggingSchema = xmlStruct({
  TagSet: xmlStruct({ Tag: xmlList(xmlStruct({ Key: xmlText, Value: xmlText })).optional() }),
});

/** Letters, digits, whitespace and + - = . _ : / @, as S3 allows in tags. */
const TAG_TEXT = /^[\p{L}\p{N}\s_.:/=+\-@]*$/u;

function invalidTag(message: string, fields: Record<string, string>): AwsError {
  return new AwsError("InvalidTag", message, 400, { fields });
}

/** Validates a bucket tag set in S3's order of checks; returns it as stored. */
export function checkBucketTags(
  tags: Array<{ Key: string; Value: string }>,
): Array<{ Key: string; Value: string }> {
  const seen = new Set<string>();
  for (const { Key, Value } of tags) {
    if (Key.length === 0 || Key.length > 128 || !TAG_TEXT.test(Key)) {
      throw invalidTag("The TagKey you have provided is invalid", { TagKey: Key });
    }
    if (Value.length > 256 || !TAG_TEXT.test(Value)) {
      throw invalidTag("The TagValue you have provided is invalid", { TagKey: Key, TagValue: Value });
    }
    if (Key.toLowerCase().startsWith("aws:")) {
      throw invalidTag("System tags cannot be added/updated by requester", { TagKey: Key });
    }
    if (seen.has(Key)) throw invalidTag("Cannot provide multiple Tags with the same key", { TagKey: Key });
    seen.add(Key);
  }
  return tags.map(({ Key, Value }) => ({ Key, Value }));
}

export const taggingOperations: S3Handlers = {
  async PutBucketTagging({ state, req, bucket }) {
    const b = state.bucket(bucket);
    await requireChecksum(req);
    const config = readConfigXml(req.body, "Tagging", taggingSchema);
    // An empty tag set removes the tags, as on S3.
    state.buckets.set(bucket, { ...b, tags: checkBucketTags(config.TagSet.Tag ?? []) });
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
