import { z } from "zod";
import type { AwsError } from "../../../../protocol/aws-error.ts";
import { parseXml, type XmlObject, xmlDocument } from "../../../../protocol/xml.ts";
import { S3_XML } from "../../codec.ts";
import { s3Errors } from "../../errors.ts";
import { S3_NAMESPACE } from "../../model.ts";

/**
 * Zod schemas over parsed XML. Each structure schema lists its members in the order
 * S3's model serializes them, and zod keeps that order in its output, so a parsed
 * configuration serializes back into S3's canonical XML. Unknown elements are dropped.
 */

const isBlank = (v: unknown) => typeof v === "string" && v.trim() === "";

/** A structure: an empty element (<Filter/>, or only whitespace) parses as "" and is a structure with no members. */
export function xmlStruct<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.preprocess((v) => (isBlank(v) ? {} : v), z.object(shape));
}

/** A repeated element: a single occurrence parses as a scalar, so always get an array. */
export function xmlList<T extends z.core.SomeType>(item: T) {
  return z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(item));
}

/** Text content; an element with children is not text. */
export const xmlText = z.string();

/** An integer, written back without leading zeros or padding. */
export const xmlInt = z
  .string()
  .trim()
  .regex(/^-?\d+$/)
  .transform((s) => String(Number(s)));

/** "true" or "false", as S3 writes them. */
export const xmlBool = z
  .string()
  .trim()
  .transform((s) => s.toLowerCase())
  .pipe(z.enum(["true", "false"]));

export function xmlEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.string().trim().pipe(z.enum(values));
}

/** An ISO 8601 timestamp, written back as S3 writes timestamps (UTC, milliseconds). */
export const xmlTimestamp = z
  .string()
  .trim()
  .refine((s) => !Number.isNaN(Date.parse(s)))
  .transform((s) => new Date(s).toISOString());

/**
 * Parses a request body whose root element must be `root` and validates it. Anything
 * malformed or not matching the schema is S3's MalformedXML (or `error`, for ACLs).
 */
export function readConfigXml<S extends z.ZodType>(
  body: Buffer | string,
  root: string,
  schema: S,
  error: () => AwsError = s3Errors.malformedXml,
): z.output<S> {
  let doc: Record<string, unknown>;
  try {
    doc = parseXml(body);
  } catch {
    throw error();
  }
  if (!(root in doc)) throw error();
  const parsed = schema.safeParse(doc[root]);
  if (!parsed.success) throw error();
  return parsed.data;
}

/** A configuration as S3 writes it: the root element in the 2006-03-01 namespace. */
export function configXml(root: string, value: XmlObject): string {
  return xmlDocument(root, value, S3_XML, S3_NAMESPACE);
}

/** The 200 a Get answers with a stored (already canonical) document. */
export function storedXmlResponse(body: string, headers: Record<string, string> = {}) {
  return { status: 200, headers: { "content-type": "application/xml", ...headers }, body };
}
