import { AwsError } from "../../protocol/aws-error.ts";
import { s3Errors } from "./errors.ts";
import {
  charCount,
  duplicateTagKey,
  invalidTag,
  isTagText,
  MAX_TAG_KEY_CHARS,
  MAX_TAG_VALUE_CHARS,
  type Tag,
} from "./tags.ts";

const MAX_OBJECT_TAGS = 10;

const tooMany = () => new AwsError("BadRequest", "Object tags cannot be greater than 10", 400);

/** S3's checks on an object's tag set, in the order S3 reports them. */
export function validateObjectTags(tags: Tag[]): void {
  if (tags.length > MAX_OBJECT_TAGS) throw tooMany();
  const seen = new Set<string>();
  for (const { Key, Value } of tags) {
    if (seen.has(Key)) throw duplicateTagKey(Key);
    seen.add(Key);
    if (Key.startsWith("aws:")) throw invalidTag("Your TagKey cannot be prefixed with aws:", { TagKey: Key });
    if (charCount(Key) > MAX_TAG_KEY_CHARS) {
      throw invalidTag(`The TagKey you have provided is too long, max ${MAX_TAG_KEY_CHARS}`, { TagKey: Key });
    }
    if (charCount(Value) > MAX_TAG_VALUE_CHARS) {
      throw invalidTag(`The TagValue you have provided is too long, max ${MAX_TAG_VALUE_CHARS}`, {
        TagKey: Key,
        TagValue: Value,
      });
    }
    if (Key === "" || !isTagText(Key))
      throw invalidTag("The TagKey you have provided is invalid", { TagKey: Key });
    if (!isTagText(Value)) {
      throw invalidTag("The TagValue you have provided is invalid", { TagKey: Key, TagValue: Value });
    }
  }
}

/** x-amz-tagging is a URL-encoded query string: "k1=v1&k2=v2". */
export function parseTaggingHeader(value: string | undefined): Tag[] {
  if (!value) return [];
  const malformed = () =>
    s3Errors.invalidArgument(
      "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.",
      "x-amz-tagging",
      value,
    );
  const tags = [...new URLSearchParams(value)].map(([Key, Value]) => ({ Key, Value }));
  if (tags.length > MAX_OBJECT_TAGS) throw tooMany();
  const seen = new Set<string>();
  for (const { Key, Value } of tags) {
    if (seen.has(Key) || !isTagText(Key) || !isTagText(Value)) throw malformed();
    seen.add(Key);
  }
  validateObjectTags(tags);
  return tags;
}
