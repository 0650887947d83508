import { decodePathComponent, type HttpRequest } from "../../gateway/http.ts";
import type { S3Target } from "./routes.ts";

export interface S3Address {
  target: S3Target;
  /** Whether the bucket came from the host name rather than the path. */
  virtualHosted: boolean;
  bucket: string | null;
  key: string | null;
}

/** Host suffixes under which the first label is a bucket (virtual-hosted style). */
const VIRTUAL_HOST_SUFFIXES = [
  ".s3.localhost.localstack.cloud",
  ".localhost.localstack.cloud",
  ".s3.amazonaws.com",
  ".localhost",
];
const REGIONAL_AWS_HOST = /^(.+)\.s3[.-]([a-z0-9-]+)\.amazonaws\.com$/;

/** Finds bucket and key from a virtual-hosted host name or, failing that, the path. */
export function s3Address(req: HttpRequest): S3Address {
  const host = req.hostname.toLowerCase();
  let bucket: string | null = null;
  for (const suffix of VIRTUAL_HOST_SUFFIXES) {
    if (host.endsWith(suffix) && host.length > suffix.length) {
      const label = host.slice(0, -suffix.length);
      // "s3.localhost.localstack.cloud" itself is the path-style endpoint, not a bucket called "s3".
      if (!(suffix === ".localhost.localstack.cloud" && label === "s3")) bucket = label;
      break;
    }
  }
  const regional = bucket === null ? REGIONAL_AWS_HOST.exec(host) : null;
  if (regional) bucket = regional[1]!;
  const path = req.rawPath;
  if (bucket !== null) {
    const key = path.length > 1 ? decodePathComponent(path.slice(1)) : null;
    return { target: key === null ? "bucket" : "object", virtualHosted: true, bucket, key };
  }
  const rest = path.startsWith("/") ? path.slice(1) : path;
  if (rest === "") return { target: "service", virtualHosted: false, bucket: null, key: null };
  const slash = rest.indexOf("/");
  if (slash < 0)
    return { target: "bucket", virtualHosted: false, bucket: decodePathComponent(rest), key: null };
  const key = rest.slice(slash + 1);
  const name = decodePathComponent(rest.slice(0, slash));
  if (key === "") return { target: "bucket", virtualHosted: false, bucket: name, key: null };
  return { target: "object", virtualHosted: false, bucket: name, key: decodePathComponent(key) };
}

/**
 * An object's URL in the addressing style the request used (Location of
 * CompleteMultipartUpload and PostObject). PostObject's encodes "/" in the key.
 */
export function objectUrl(req: HttpRequest, bucket: string, key: string, encodeSlash = false): string {
  const proto = req.headers["x-forwarded-proto"] ?? "http";
  const host = req.headers.host ?? req.hostname;
  const path = encodeSlash ? encodeURIComponent(key) : key.split("/").map(encodeURIComponent).join("/");
  return s3Address(req).virtualHosted ? `${proto}://${host}/${path}` : `${proto}://${host}/${bucket}/${path}`;
}
