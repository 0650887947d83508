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
 * `prefix` reads the copy-source variants ("x-amz-copy-source-") instead.
 */
export function checkConditions(req: HttpRequest, v: Validators, prefix = ""): void {
  const h = (name: string) => req.headers[`${prefix}${name}`];
  // S3 compares at one-second precision, as Last-Modified carries.
  const modified = Math.floor(Date.parse(v.lastModified) / 1000) * 1000;
  const ifMatch = h("if-match");
  const ifUnmodified = parseHttpDate(h("if-unmodified-since"));
  const ifNoneMatch = h("if-none-match");
  const ifModified = parseHttpDate(h("if-modified-since"));
  if (ifMatch !== undefined) {
    if (!etagMatches(ifMatch, v.etag))
      throw s3Errors.preconditionFailed(`${prefix ? "x-amz-copy-source-" : ""}If-Match`);
  } else if (ifUnmodified !== null && modified > ifUnmodified) {
    throw s3Errors.preconditionFailed(`${prefix ? "x-amz-copy-source-" : ""}If-Unmodified-Since`);
  }
  if (ifNoneMatch !== undefined) {
    if (etagMatches(ifNoneMatch, v.etag)) throw notModified(v, prefix);
  } else if (ifModified !== null && modified <= ifModified && ifModified <= Date.now()) {
    throw notModified(v, prefix);
  }
}

function notModified(v: Validators, prefix: string): AwsError {
  if (prefix) return s3Errors.preconditionFailed("x-amz-copy-source-If-None-Match");
  return new AwsError("NotModified", "Not Modified", 304, {
    headers: { etag: v.etag, "last-modified": new Date(v.lastModified).toUTCString() },
  });
}
