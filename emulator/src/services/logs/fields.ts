import { z } from "zod";
import { STANDARD_UNITS } from "../../metrics/units.ts";
import { bool, integer, list, oneOf, text } from "../../protocol/model-fields.ts";

export { bool, integer, list, oneOf, text };

/**
 * Field types of CloudWatch Logs inputs, with the constraints of its model and AWS's
 * wording when one is violated (the gateway prefixes "1 validation error detected: ...").
 */

/** Epoch milliseconds. */
export const timestamp = integer(0);

export const logGroupName = text({ min: 1, max: 512, pattern: "[\\.\\-_/#A-Za-z0-9]+" });
export const logGroupNamePattern = text({ max: 512, pattern: "[\\.\\-_/#A-Za-z0-9]*" });
export const logGroupIdentifier = text({ min: 1, max: 2048, pattern: "[\\w#+=/:,.@-]*" });
export const logStreamName = text({ min: 1, max: 512, pattern: "[^:*]*" });
export const filterName = text({ min: 1, max: 512, pattern: "[^:*]*" });
export const filterPattern = text({ max: 1024 });
export const nextToken = text({ min: 1 });
export const describeLimit = integer(1, 50);
export const eventsLimit = integer(1, 10000);
export const resourceArn = text({ min: 1, max: 1011, pattern: "[\\w+=/:,.@-]*" });
export const kmsKeyId = text({ max: 256 });
export const logGroupClass = oneOf(["STANDARD", "INFREQUENT_ACCESS", "DELIVERY"]);

const tagKey = text({ min: 1, max: 128, pattern: "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+" });
const tagValue = text({ max: 256, pattern: "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*" });

/** A tag map of 1 to 50 entries. */
export const tags = z
  .record(tagKey, tagValue, { error: "Member must be a map" })
  .refine((m) => Object.keys(m).length >= 1, "Member must have length greater than or equal to 1")
  .refine((m) => Object.keys(m).length <= 50, "Member must have length less than or equal to 50");

export const tagKeys = list(tagKey, 0, 50);

export const standardUnit = oneOf(STANDARD_UNITS);

const metricName = text({ max: 255, pattern: "[^:*$]*" });

export const metricTransformation = z.object({
  metricName,
  metricNamespace: metricName,
  metricValue: text({ max: 100 }),
  defaultValue: z.number({ error: "Member must be a number" }).optional(),
  dimensions: z.record(text({ max: 255 }), text({ max: 255 })).optional(),
  unit: standardUnit.optional(),
});

export { metricName };
