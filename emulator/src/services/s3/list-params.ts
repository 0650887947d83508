import type { HttpRequest } from "../../gateway/http.ts";
import { AwsError } from "../../protocol/aws-error.ts";
import { s3Errors } from "./errors.ts";

const DEFAULT_MAX_KEYS = 1000;
const MAX_INT32 = 2147483647;

/**
 * A non-negative integer query field or header (max-keys, max-parts, part-number-marker,
 * x-amz-max-parts, ...); absent or empty is `fallback`. S3 refuses text and values
 * outside int32 as not an integer, then a negative one naming `argName`.
 */
export function parseIntField(
  raw: string | null | undefined,
  field: string,
  fallback: number,
  argName = field,
): number {
  if (raw === null || raw === undefined || raw === "") return fallback;
  const n = Number(raw.trim());
  if (!/^-?\d+$/.test(raw.trim()) || Math.abs(n) > MAX_INT32) {
    throw s3Errors.invalidArgument(`Provided ${field} not an integer or within integer range`, field, raw);
  }
  if (n < 0) {
    throw s3Errors.invalidArgument(
      `Argument ${argName} must be an integer between 0 and ${MAX_INT32}`,
      argName,
      raw,
    );
  }
  return n;
}

/** max-keys (also max-uploads and the like under another name): 1000 at most, 0 allowed. */
export function parseMaxKeys(req: HttpRequest, field = "max-keys", argName = "maxKeys"): number {
  return Math.min(parseIntField(req.query.get(field), field, DEFAULT_MAX_KEYS, argName), DEFAULT_MAX_KEYS);
}

/** encoding-type: absent, or exactly "url". */
export function parseEncodingType(req: HttpRequest): boolean {
  const raw = req.query.get("encoding-type");
  if (raw === null) return false;
  if (raw !== "url") {
    throw s3Errors.invalidArgument("Invalid Encoding Method specified in Request", "encoding-type", raw);
  }
  return true;
}

const UNRESERVED = /[A-Za-z0-9\-._~/]/;

/**
 * encoding-type=url as S3 applies it: every UTF-8 byte outside RFC 3986's unreserved
 * set is %XX, except "/", which stays as is ("quux ab/" → "quux%20ab/", "+" → "%2B").
 */
function s3UrlEncode(value: string): string {
  let out = "";
  for (const ch of value) {
    if (UNRESERVED.test(ch)) {
      out += ch;
      continue;
    }
    for (const byte of Buffer.from(ch, "utf8")) out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** Applies encoding-type to a key-like response field. */
export function encoder(url: boolean): (value: string) => string {
  return url ? s3UrlEncode : (value) => value;
}

// Continuation tokens are opaque to clients: a version byte and the last key or CommonPrefix returned.
const TOKEN_VERSION = 1;

export function continuationToken(last: string): string {
  return Buffer.concat([Buffer.from([TOKEN_VERSION]), Buffer.from(last, "utf8")]).toString("base64");
}

/** The key a continuation token resumes after, or InvalidArgument for anything this emulator did not issue. */
export function parseContinuationToken(token: string): string {
  const incorrect = new AwsError("InvalidArgument", "The continuation token provided is incorrect", 400, {
    fields: { ArgumentName: "continuation-token" },
  });
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(token)) throw incorrect;
  const bytes = Buffer.from(token, "base64");
  if (bytes.length === 0 || bytes[0] !== TOKEN_VERSION || bytes.toString("base64") !== token) throw incorrect;
  const last = bytes.subarray(1).toString("utf8");
  if (Buffer.from(last, "utf8").compare(bytes.subarray(1)) !== 0) throw incorrect;
  return last;
}
