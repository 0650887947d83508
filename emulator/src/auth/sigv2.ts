import { createHmac } from "node:crypto";
import type { HttpRequest } from "../gateway/http.ts";
import { AwsError } from "../protocol/aws-error.ts";
import { safeEqual } from "./sigv4.ts";

/**
 * S3's legacy Signature Version 2, which some clients still use for presigned
 * URLs (boto3's default for S3 presigning, for one): `AWSAccessKeyId`, `Expires`
 * and `Signature` in the query, or `Authorization: AWS <key>:<signature>`.
 */
export interface SigV2Claim {
  kind: "header" | "presigned";
  accessKeyId: string;
  signature: string;
  /** Presigned only: epoch seconds after which the URL is refused. */
  expires?: number;
  sessionToken?: string;
}

/** Sub-resources that are part of the signed resource, as S3 defines them. */
const SIGNED_SUBRESOURCES = new Set([
  "accelerate",
  "acl",
  "analytics",
  "cors",
  "delete",
  "encryption",
  "inventory",
  "legal-hold",
  "lifecycle",
  "location",
  "logging",
  "metrics",
  "notification",
  "object-lock",
  "ownershipControls",
  "partNumber",
  "policy",
  "policyStatus",
  "publicAccessBlock",
  "replication",
  "requestPayment",
  "response-cache-control",
  "response-content-disposition",
  "response-content-encoding",
  "response-content-language",
  "response-content-type",
  "response-expires",
  "restore",
  "retention",
  "select",
  "select-type",
  "tagging",
  "torrent",
  "uploadId",
  "uploads",
  "versionId",
  "versioning",
  "versions",
  "website",
  "attributes",
]);

export function parseSigV2(req: HttpRequest): SigV2Claim | null {
  const header = req.headers.authorization;
  if (header?.startsWith("AWS ")) {
    const m = /^AWS ([^:\s]+):(\S+)$/.exec(header);
    if (!m)
      throw new AwsError(
        "InvalidArgument",
        "AWS authorization header is invalid.  Expected AwsAccessKeyId:signature",
        400,
      );
    return {
      kind: "header",
      accessKeyId: m[1]!,
      signature: m[2]!,
      sessionToken: req.headers["x-amz-security-token"],
    };
  }
  const key = req.query.get("AWSAccessKeyId");
  const signature = req.query.get("Signature");
  const expires = req.query.get("Expires");
  if (key === null || signature === null) return null;
  if (expires === null || !/^\d+$/.test(expires)) {
    throw new AwsError(
      "AccessDenied",
      "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters",
      403,
    );
  }
  return {
    kind: "presigned",
    accessKeyId: key,
    signature,
    expires: Number(expires),
    sessionToken: req.query.get("x-amz-security-token") ?? undefined,
  };
}

export function checkV2Expiry(claim: SigV2Claim, now: Date): void {
  if (claim.expires !== undefined && now.getTime() > claim.expires * 1000) {
    throw new AwsError("AccessDenied", "Request has expired", 403, {
      fields: { Expires: new Date(claim.expires * 1000).toISOString(), ServerTime: now.toISOString() },
    });
  }
}

/** The resource part of the string to sign: the bucket-qualified path plus signed sub-resources, sorted. */
function canonicalResource(req: HttpRequest, bucketFromHost: string | null): string {
  const path = bucketFromHost === null ? req.rawPath : `/${bucketFromHost}${req.rawPath}`;
  const subs = [...new Set(req.query.keys())].filter((k) => SIGNED_SUBRESOURCES.has(k)).sort();
  if (subs.length === 0) return path;
  const parts = subs.map((k) => {
    const v = req.query.get(k);
    return v === null || v === "" ? k : `${k}=${v}`;
  });
  return `${path}?${parts.join("&")}`;
}

export function sigV2Matches(
  req: HttpRequest,
  claim: SigV2Claim,
  secretAccessKey: string,
  bucketFromHost: string | null,
): boolean {
  const amzHeaders = Object.keys(req.headers)
    .filter((h) => h.startsWith("x-amz-"))
    .sort()
    .map((h) => `${h}:${req.headers[h]!.trim()}\n`)
    .join("");
  // With x-amz-date present, the Date line is empty; presigned URLs put Expires there.
  const date =
    claim.kind === "presigned"
      ? String(claim.expires)
      : req.headers["x-amz-date"]
        ? ""
        : (req.headers.date ?? "");
  const stringToSign = [
    req.method,
    req.headers["content-md5"] ?? "",
    req.headers["content-type"] ?? "",
    date,
    `${amzHeaders}${canonicalResource(req, bucketFromHost)}`,
  ].join("\n");
  const expected = createHmac("sha1", secretAccessKey).update(stringToSign, "utf8").digest("base64");
  return safeEqual(expected, claim.signature);
}
