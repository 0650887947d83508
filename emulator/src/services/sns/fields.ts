import { z } from "zod";
import { bool, list, text } from "../../protocol/query-fields.ts";

export { bool, list };

/**
 * Field types for SNS's query-protocol inputs. ARN parameters are optional strings here:
 * SNS reports a missing one as InvalidParameter ("... Reason: no value for required
 * parameter"), which the operations raise when they parse it.
 */

export const arnParam = z.string().optional();
export const nextToken = z.string().optional();

/** A map as the query protocol sends it; an empty map arrives as "Name=". */
export const attributeMap = z.preprocess(
  (v) => (v === "" ? {} : v),
  z.record(z.string(), z.string({ error: "Member must not be null" })),
);

export const tag = z.object({
  Key: text({ min: 1, max: 128 }),
  Value: text({ min: 0, max: 256 }),
});
export const tags = list(tag);
export const tagKeys = list(text({ min: 1, max: 128 }));

export const messageAttributeValue = z.object({
  DataType: z.string({ error: "Member must not be null" }),
  StringValue: z.string().optional(),
  BinaryValue: z.string().optional(),
});
export const messageAttributes = z.preprocess(
  (v) => (v === "" ? {} : v),
  z.record(z.string(), messageAttributeValue),
);
