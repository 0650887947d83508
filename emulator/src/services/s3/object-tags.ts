import { AwsError } from "../../protocol/aws-error.ts";
import { asArray, parseXml } from "../../protocol/xml.ts";
import { s3Errors } from "./errors.ts";

export type ObjectTag = { Key: string; Value: string };

const MAX_OBJECT_TAGS = 10;
const MAX_KEY_CHARS = 128;
const MAX_VALUE_CHARS = 256;
/** Letters, digits, spaces and + - = . _ : / @ in any language, as AWS tagging allows. */
const TAG_TEXT = /^[\p{L}\p{N}\p{Z}\s+\-=._:/@]*$/u;

function invalidTag(message: string, fields: Record<string, string>): AwsError {
  return new AwsError("InvalidTag", message, 400, { fields });
}

const tooMany = () => new AwsError("BadRequest", "Object tags cannot be greater than 10", 400);

/** S3's checks on an object's tag set, in the order S3 reports them. */
export function validateObjectTags(tags: ObjectTag[]): void {
  if (tags.length > MAX_OBJECT_TAGS) throw tooMany();
  const seen = new Set<string>();
  for (const { Key, Value } of tags) {
    if (seen.has(Key)) throw invalidTag("Cannot provide multiple Tags with the same key", { TagKey: Key });
    seen.add(Key);
    if (Key.startsWith("aws:")) throw invalidTag("Your TagKey cannot be prefixed with aws:", { TagKey: Key });
    if ([...Key].length > MAX_KEY_CHARS) {
      throw invalidTag(`The TagKey you have provided is too long, max ${MAX_KEY_CHARS}`, { TagKey: Key });
    }
    if ([...Value].length > MAX_VALUE_CHARS) {
      throw invalidTag(`The TagValue you have provided is too long, max ${MAX_VALUE_CHARS}`, {
        TagKey: Key,
        TagValue: Value,
      });
    }
    if (Key === "" || !TAG_TEXT.test(Key))
      throw invalidTag("The TagKey you have provided is invalid", { TagKey: Key });
    if (!TAG_TEXT.test(Value)) {
      throw invalidTag("The TagValue you have provided is invalid", { TagKey: Key, TagValue: Value });
    }
  }
}

/** x-amz-tagging is a URL-encoded query string: "k1=v1&k2=v2". */
export function parseTaggingHeader(value: string | undefined): ObjectTag[] {
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
    if (seen.has(Key) || !TAG_TEXT.test(Key) || !TAG_TEXT.test(Value)) throw malformed();
    seen.add(Key);
  }
  validateObjectTags(tags);
  return tags;
}

/** The body of PutObjectTagging (and PutBucketTagging): <Tagging><TagSet><Tag><Key/><Value/></Tag>…</TagSet></Tagging>. */
export function parseTaggingXml(body: Buffer): ObjectTag[] {
  const doc = parseXml(body).Tagging as Record<string, unknown> | undefined;
  if (!doc || typeof doc !== "object" || !("TagSet" in doc)) throw s3Errors.malformedXml();
  const set = doc.TagSet;
  if (set !== "" && (typeof set !== "object" || set === null)) throw s3Errors.malformedXml();
  const items = set === "" ? [] : asArray((set as Record<string, unknown>).Tag);
  return items.map((tag) => {
    if (typeof tag !== "object" || tag === null) throw s3Errors.malformedXml();
    const { Key, Value } = tag as Record<string, unknown>;
    if (typeof Key !== "string" || typeof Value !== "string") throw s3Errors.malformedXml();
    return { Key, Value };
  });
}
