import { XMLParser } from "fast-xml-parser";
import { AwsError } from "./aws-error.ts";

export type XmlValue = string | number | boolean | Date | null | undefined | XmlObject | XmlValue[];
/**
 * Element children by name; "@" holds attributes. "#ordered" holds [name, value]
 * pairs written in that order where it stands, for siblings of different names
 * that interleave (S3's Version and DeleteMarker entries).
 */
export interface XmlObject {
  [name: string]: XmlValue | Record<string, string> | Array<[string, XmlValue]>;
}

export interface XmlStyle {
  /** "flattened": an array repeats its element (S3); "member": wrapped in <member> items (query protocol). */
  lists: "flattened" | "member";
  /** S3 writes milliseconds; IAM and STS do not. */
  dates: "iso-millis" | "iso-seconds";
}

export function escapeXml(s: string): string {
  return s.replace(/[&<>"'\r\n]/g, (c) => XML_ESCAPES[c] ?? c);
}
const XML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\r": "&#13;",
  "\n": "&#10;",
};

export function formatDate(d: Date, style: XmlStyle["dates"]): string {
  const iso = d.toISOString();
  return style === "iso-millis" ? iso : `${iso.slice(0, 19)}Z`;
}

/** Set on an object the query protocol writes as a map (<entry><key/><value/></entry>); JSON and CBOR never see it. */
const XML_MAP = Symbol("xml-map");

/** A map member (e.g. CloudWatch's ExtendedStatistics): entries as the query protocol writes them, a plain object elsewhere. */
export function xmlMap<V extends XmlValue>(entries: Record<string, V>): Record<string, V> {
  return Object.assign(entries, { [XML_MAP]: true });
}

/** Serializes one element; undefined and null produce nothing. */
export function xmlElement(name: string, value: XmlValue, style: XmlStyle): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "object" && XML_MAP in value) {
    const entries = Object.entries(value).map(
      ([k, v]) => `<entry>${xmlElement("key", k, style)}${xmlElement("value", v as XmlValue, style)}</entry>`,
    );
    return `<${name}>${entries.join("")}</${name}>`;
  }
  if (Array.isArray(value)) {
    if (style.lists === "flattened") return value.map((v) => xmlElement(name, v, style)).join("");
    return `<${name}>${value.map((v) => xmlElement("member", v, style)).join("")}</${name}>`;
  }
  if (value instanceof Date) return `<${name}>${formatDate(value, style.dates)}</${name}>`;
  if (typeof value === "object") {
    const attrs = value["@"] as Record<string, string> | undefined;
    const attrText = attrs
      ? Object.entries(attrs)
          .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
          .join("")
      : "";
    let inner = "";
    for (const [k, v] of Object.entries(value)) {
      if (k === "@") continue;
      if (k === "#ordered") {
        for (const [name, item] of v as Array<[string, XmlValue]>) inner += xmlElement(name, item, style);
      } else {
        inner += xmlElement(k, v as XmlValue, style);
      }
    }
    return `<${name}${attrText}>${inner}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A document whose root holds elements, or only text (e.g. S3's <LocationConstraint>). */
export function xmlDocument(
  root: string,
  value: XmlObject | string,
  style: XmlStyle,
  namespace?: string,
): string {
  const head = '<?xml version="1.0" encoding="UTF-8"?>\n';
  if (typeof value === "string") {
    const ns = namespace ? ` xmlns="${escapeXml(namespace)}"` : "";
    return `${head}<${root}${ns}>${escapeXml(value)}</${root}>`;
  }
  const attrs = (value["@"] ?? {}) as Record<string, string>;
  const withNs: XmlObject = namespace ? { ...value, "@": { xmlns: namespace, ...attrs } } : value;
  return `${head}${xmlElement(root, withNs, style)}`;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  processEntities: true,
  htmlEntities: false,
});

/** A parsed XML document: the root element's content keyed by child name; text only where an element has no children. */
export type ParsedXml = { [name: string]: unknown };

/** Parses a request body; malformed XML is S3's MalformedXML error. */
export function parseXml(body: Buffer | string): ParsedXml {
  const text = typeof body === "string" ? body : body.toString("utf8");
  if (text.trim() === "")
    throw new AwsError(
      "MalformedXML",
      "The XML you provided was not well-formed or did not validate against our published schema",
      400,
    );
  try {
    const doc = parser.parse(text, true) as ParsedXml;
    return doc;
  } catch {
    throw new AwsError(
      "MalformedXML",
      "The XML you provided was not well-formed or did not validate against our published schema",
      400,
    );
  }
}

/** XML repeats an element for a list, so one element parses as a scalar: always get an array. */
export function asArray<T>(value: T | T[] | undefined | null): T[] {
  if (value === undefined || value === null || value === "") return [];
  return Array.isArray(value) ? value : [value];
}
