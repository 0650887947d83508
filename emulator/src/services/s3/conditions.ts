import type { HttpRequest } from "../../gateway/http.ts";
import { AwsError } from "../../protocol/aws-error.ts";
import { s3Errors } from "./errors.ts";

interface Validators {
  etag: string;
  lastModified: string;
}

function etagMatches(list: string, etag: string): boolean {
  return list.split(",").some((t) => {
    const tag = t.trim();
    return tag === "*" || tag === etag || `"${tag}"` === etag || tag.replace(/^W\//, "") === etag;
  });
}

function parseHttpDate(value: string | undefined): number | null {
  if (!value) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : t;
}

/**
 * Evaluates If-Match, If-Unmodified-Since, If-None-Match and If-Modified-Since in
 * RFC 7232's order (which S3 follows): a failed If-Match or If-Unmodified-Since is
 * 412, a failed If-None-Match or If-Modified-Since is 304 for GET and HEAD.
 * `prefix` reads the copy-source variants ("x-amz-copy-source-") instead, where
 * every failure is 412 naming the header that failed.
 */
export function checkConditions(req: HttpRequest, v: Validators, prefix = ""): void {
  const h = (name: string) => req.headers[`${prefix}${name}`];
  // S3 compares at one-second precision, as Last-Modified carries.
  const modified = Math.floor(Date.parse(v.lastModified) / 1000) * 1000;
  const ifMatch = h("if-match");
  const ifUnmodified = parseHttpDate(h("if-unmodified-since"));
  const ifNoneMatch = h("if-none-match");
  const ifModified = parseHttpDate(h("if-modified-since"));
  const failed = (condition: string) => s3Errors.preconditionFailed(`${prefix}${condition}`);
  if (ifMatch !== undefined) {
    if (!etagMatches(ifMatch, v.etag)) throw failed("If-Match");
  } else if (ifUnmodified !== null && modified > ifUnmodified) {
    throw failed("If-Unmodified-Since");
  }
  if (ifNoneMatch !== undefined) {
    if (etagMatches(ifNoneMatch, v.etag)) throw prefix ? failed("If-None-Match") : notModified(v);
  } else if (ifModified !== null && modified <= ifModified && ifModified <= Date.now()) {
    throw prefix ? failed("If-Modified-Since") : notModified(v);
  }
}

function notModified(v: Validators): AwsError {
  return new AwsError("NotModified", "Not Modified", 304, {
    headers: { etag: v.etag, "last-modified": new Date(v.lastModified).toUTCString() },
  });
}

function notImplementedHeader(header: string, detail: string): AwsError {
  return new AwsError(
    "NotImplemented",
    "A header you provided implies functionality that is not implemented",
    501,
    {
      fields: { Header: header, AdditionalMessage: detail },
    },
  );
}

/** The forms of If-Match / If-None-Match S3 accepts on writes: "If-None-Match: *" or "If-Match: <etag>", not both. */
function validateWriteConditions(req: HttpRequest): void {
  const ifNoneMatch = req.headers["if-none-match"];
  const ifMatch = req.headers["if-match"];
  if (ifNoneMatch !== undefined && ifMatch !== undefined) {
    throw notImplementedHeader(
      "If-Match,If-None-Match",
      "Multiple conditional request headers present in the request",
    );
  }
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== "*") {
    throw notImplementedHeader(
      "If-None-Match",
      "We don't accept the provided value of If-None-Match header for this API",
    );
  }
  if (ifMatch !== undefined && ifMatch.trim() === "*") {
    throw notImplementedHeader(
      "If-Match",
      "We don't accept the provided value of If-Match header for this API",
    );
  }
}

/**
 * Conditional writes (PutObject, CopyObject): If-None-Match: * fails when the key has a
 * current object; If-Match needs one with that ETag. A current delete marker counts as
 * no object. Check again right before storing, after any await.
 */
export function checkWriteConditions(
  req: HttpRequest,
  existing: { etag: string; isDeleteMarker: boolean } | undefined,
  key: string,
): void {
  validateWriteConditions(req);
  const live = existing && !existing.isDeleteMarker ? existing : undefined;
  if (req.headers["if-none-match"] !== undefined && live) throw s3Errors.preconditionFailed("If-None-Match");
  const ifMatch = req.headers["if-match"];
  if (ifMatch !== undefined) {
    if (!live) throw s3Errors.noSuchKey(key);
    if (!etagMatches(ifMatch, live.etag)) throw s3Errors.preconditionFailed("If-Match");
  }
}
