import type { z } from "zod";
import { tagSchema } from "../../tags.ts";
import { xmlBool, xmlInt, xmlList, xmlStruct, xmlText, xmlTimestamp } from "./config-xml.ts";

/**
 * <LifecycleConfiguration>. A rule's members are in the order S3 writes them (ID, the filter,
 * Status, then the actions; Expiration after Transition), not in botocore's order, which puts
 * Expiration first.
 */

const lifecycleFilterSchema = xmlStruct({
  Prefix: xmlText.optional(),
  Tag: tagSchema.optional(),
  ObjectSizeGreaterThan: xmlInt.optional(),
  ObjectSizeLessThan: xmlInt.optional(),
  And: xmlStruct({
    Prefix: xmlText.optional(),
    Tag: xmlList(tagSchema).optional(),
    ObjectSizeGreaterThan: xmlInt.optional(),
    ObjectSizeLessThan: xmlInt.optional(),
  }).optional(),
});

const lifecycleRuleSchema = xmlStruct({
  ID: xmlText.optional(),
  Prefix: xmlText.optional(),
  Filter: lifecycleFilterSchema.optional(),
  Status: xmlText,
  Transition: xmlList(
    xmlStruct({ Date: xmlTimestamp.optional(), Days: xmlInt.optional(), StorageClass: xmlText.optional() }),
  ).optional(),
  Expiration: xmlStruct({
    Date: xmlTimestamp.optional(),
    Days: xmlInt.optional(),
    ExpiredObjectDeleteMarker: xmlBool.optional(),
  }).optional(),
  NoncurrentVersionTransition: xmlList(
    xmlStruct({
      NoncurrentDays: xmlInt.optional(),
      StorageClass: xmlText.optional(),
      NewerNoncurrentVersions: xmlInt.optional(),
    }),
  ).optional(),
  NoncurrentVersionExpiration: xmlStruct({
    NoncurrentDays: xmlInt.optional(),
    NewerNoncurrentVersions: xmlInt.optional(),
  }).optional(),
  AbortIncompleteMultipartUpload: xmlStruct({ DaysAfterInitiation: xmlInt.optional() }).optional(),
});

export const lifecycleConfigurationSchema = xmlStruct({ Rule: xmlList(lifecycleRuleSchema) });

export type LifecycleRule = z.output<typeof lifecycleRuleSchema>;
