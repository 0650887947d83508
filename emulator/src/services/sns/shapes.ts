import type { XmlObject } from "../../protocol/xml.ts";

/**
 * A string map as the query protocol writes one (<entry><key/><value/></entry> per item),
 * for the Attributes of GetTopicAttributes and GetSubscriptionAttributes.
 */
export function xmlAttributeMap(attributes: Record<string, string>): XmlObject {
  return { "#ordered": Object.entries(attributes).map(([key, value]) => ["entry", { key, value }]) };
}
