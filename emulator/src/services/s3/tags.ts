import type { z } from "zod";
import { AwsError } from "../../protocol/aws-error.ts";
import { readConfigXml, xmlList, xmlStruct, xmlText } from "./operations/bucket-config/config-xml.ts";

/** What bucket and object tagging share; each checks its own limits (tagging.ts, object-tags.ts). */

export type Tag = { Key: string; Value: string };

/** One <Tag>, also inside lifecycle and replication filters. */
export const tagSchema = xmlStruct({ Key: xmlText, Value: xmlText });

/** <Tagging><TagSet><Tag><Key/><Value/></Tag>…</TagSet></Tagging>. */
export const taggingSchema = xmlStruct({ TagSet: xmlStruct({ Tag: xmlList(tagSchema).optional() }) });

export function tagsOf(tagging: z.output<typeof taggingSchema>): Tag[] {
  return tagging.TagSet.Tag ?? [];
}

/** The body of PutBucketTagging and PutObjectTagging; anything else is MalformedXML. */
export function readTagging(body: Buffer): Tag[] {
  return tagsOf(readConfigXml(body, "Tagging", taggingSchema));
}

export const MAX_TAG_KEY_CHARS = 128;
export const MAX_TAG_VALUE_CHARS = 256;

/** Letters, digits, whitespace and + - = . _ : / @ in any language, as AWS tagging allows. */
const TAG_TEXT = /^[\p{L}\p{N}\s+\-=._:/@]*$/u;

export function isTagText(text: string): boolean {
  return TAG_TEXT.test(text);
}

/** Tag limits count characters, not UTF-16 units. */
export function charCount(text: string): number {
  return [...text].length;
}

export function invalidTag(message: string, fields: Record<string, string>): AwsError {
  return new AwsError("InvalidTag", message, 400, { fields });
}

export function duplicateTagKey(key: string): AwsError {
  return invalidTag("Cannot provide multiple Tags with the same key", { TagKey: key });
}
