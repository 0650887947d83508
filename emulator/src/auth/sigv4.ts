import { timingSafeEqual } from "node:crypto";
import { HttpRequest as SmithyRequest } from "@smithy/protocol-http";
import type { HttpRequest } from "../gateway/http.ts";
import { AwsError } from "../protocol/aws-error.ts";
import { NodeSha256 } from "./hash.ts";
import { VerifyingSigner } from "./header-signature.ts";

/** What a SigV4 signature claims, from the Authorization header or presigned query fields. */
export interface SigV4Claim {
  kind: "header" | "presigned";
  accessKeyId: string;
  /** YYYYMMDD from the credential scope. */
  scopeDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  /** The X-Amz-Date value, e.g. 20130524T000000Z. */
  amzDate: string;
  signingDate: Date;
  /** Presigned URLs only: seconds of validity. */
  expiresIn?: number;
  sessionToken?: string;
}

export interface SigningSecret {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

const AUTH_HEADER =
  /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)\s*$/;
const MAX_SKEW_MS = 15 * 60 * 1000;

/** The credential scope's parts, without verifying anything: the gateway uses it to route. */
export function credentialScope(
  req: HttpRequest,
): { accessKeyId: string; region: string; service: string } | null {
  const header = req.headers.authorization;
  const credential = header?.startsWith("AWS4-HMAC-SHA256")
    ? /Credential=([^,\s]+)/.exec(header)?.[1]
    : (req.query.get("X-Amz-Credential") ?? undefined);
  if (!credential) return null;
  const parts = credential.split("/");
  if (parts.length !== 5) return null;
  return { accessKeyId: parts[0]!, region: parts[2]!, service: parts[3]! };
}

/** Parses a SigV4 claim; null for an unsigned request; AwsError for a malformed one. */
export function parseSigV4(req: HttpRequest): SigV4Claim | null {
  const header = req.headers.authorization;
  // "AWS <key>:<signature>" is S3's legacy SigV2, which sigv2.ts handles.
  if (header !== undefined && !header.startsWith("AWS ")) {
    if (!header.startsWith("AWS4-HMAC-SHA256")) {
      throw new AwsError(
        "InvalidArgument",
        "Unsupported Authorization Type: only AWS Signature Version 4 (AWS4-HMAC-SHA256) is supported",
        400,
      );
    }
    const m = AUTH_HEADER.exec(header);
    if (!m) throw new AwsError("AuthorizationHeaderMalformed", "The authorization header is malformed", 400);
    const amzDate = req.headers["x-amz-date"] ?? "";
    return {
      kind: "header",
      ...splitCredential(m[1]!),
      signedHeaders: m[2]!.split(";"),
      signature: m[3]!,
      amzDate,
      signingDate: parseAmzDate(amzDate, req.headers.date),
      sessionToken: req.headers["x-amz-security-token"],
    };
  }
  const algorithm = req.query.get("X-Amz-Algorithm");
  if (algorithm === null) return null;
  if (algorithm !== "AWS4-HMAC-SHA256") {
    throw new AwsError(
      "AuthorizationQueryParametersError",
      'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"',
      400,
    );
  }
  const credential = req.query.get("X-Amz-Credential");
  const amzDate = req.query.get("X-Amz-Date");
  const signedHeaders = req.query.get("X-Amz-SignedHeaders");
  const signature = req.query.get("X-Amz-Signature");
  const expires = req.query.get("X-Amz-Expires");
  if (!credential || !amzDate || !signedHeaders || !signature || !expires) {
    throw new AwsError(
      "AuthorizationQueryParametersError",
      "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.",
      400,
    );
  }
  const expiresIn = Number(expires);
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > 604800) {
    throw new AwsError(
      "AuthorizationQueryParametersError",
      "X-Amz-Expires must be between 1 and 604800 seconds",
      400,
    );
  }
  return {
    kind: "presigned",
    ...splitCredential(credential),
    signedHeaders: signedHeaders.split(";"),
    signature,
    amzDate,
    signingDate: parseAmzDate(amzDate, undefined),
    expiresIn,
    sessionToken: req.query.get("X-Amz-Security-Token") ?? undefined,
  };
}

function splitCredential(credential: string) {
  const parts = credential.split("/");
  if (parts.length !== 5 || parts[4] !== "aws4_request") {
    throw new AwsError(
      "AuthorizationHeaderMalformed",
      `The authorization header is malformed; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`,
      400,
    );
  }
  return { accessKeyId: parts[0]!, scopeDate: parts[1]!, region: parts[2]!, service: parts[3]! };
}

function parseAmzDate(amzDate: string, fallbackHttpDate: string | undefined): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (m) return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  const http = fallbackHttpDate ? new Date(fallbackHttpDate) : null;
  if (http && !Number.isNaN(http.getTime())) return http;
  throw new AwsError("AccessDenied", "AWS authentication requires a valid Date or x-amz-date header", 403);
}

/** Time checks that come before the signature: presigned expiry and header clock skew. */
export function checkSigningTime(claim: SigV4Claim, now: Date): void {
  if (claim.kind === "presigned") {
    if (now.getTime() > claim.signingDate.getTime() + (claim.expiresIn ?? 0) * 1000) {
      throw new AwsError("AccessDenied", "Request has expired", 403, {
        fields: {
          "X-Amz-Expires": String(claim.expiresIn),
          Expires: new Date(claim.signingDate.getTime() + (claim.expiresIn ?? 0) * 1000).toISOString(),
          ServerTime: now.toISOString(),
        },
      });
    }
    return;
  }
  if (Math.abs(now.getTime() - claim.signingDate.getTime()) > MAX_SKEW_MS) {
    throw new AwsError(
      "RequestTimeTooSkewed",
      "The difference between the request time and the current time is too large.",
      403,
    );
  }
}

/**
 * Recomputes the signature with @smithy/signature-v4 over exactly the headers the
 * client signed, and compares in constant time. S3 signs the path as sent; every
 * other service signs it URI-encoded once more.
 */
export async function signatureMatches(
  req: HttpRequest,
  claim: SigV4Claim,
  secret: SigningSecret,
): Promise<boolean> {
  const s3Style = claim.service === "s3";
  const signer = signerFor(claim, secret, !s3Style);
  const signed = new Set(claim.signedHeaders);
  const headers: Record<string, string> = {};
  for (const name of claim.signedHeaders) {
    const value = req.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  // One pass over the query; repeated keys collect their values in order.
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of req.query) {
    if (claim.kind === "presigned" && PRESIGN_FIELDS.has(key.toLowerCase())) continue;
    const seen = Object.hasOwn(query, key) ? query[key] : undefined;
    query[key] = seen === undefined ? value : typeof seen === "string" ? [seen, value] : [...seen, value];
  }
  const request = new SmithyRequest({
    method: req.method,
    protocol: "http:",
    hostname: req.hostname,
    path: req.rawPath,
    query,
    headers,
    body: req.body,
  });
  // Every field in one literal: a spread plus more fields costs V8 a new hidden class per request.
  const options = {
    signingDate: claim.signingDate,
    signableHeaders: signed,
    signingRegion: claim.region,
    signingService: claim.service,
    unsignableHeaders: new Set<string>(),
  };
  let computed: string;
  if (claim.kind === "header") {
    // The payload hash comes from x-amz-content-sha256 even when that header is not signed.
    const sha = req.headers["x-amz-content-sha256"];
    if (sha !== undefined && !signed.has("x-amz-content-sha256")) {
      request.headers["x-amz-content-sha256"] = sha;
      options.unsignableHeaders.add("x-amz-content-sha256");
    }
    computed = await signer.headerSignature(request, options);
  } else {
    // Presigned S3 URLs sign UNSIGNED-PAYLOAD (or the hash the client put in the query).
    const unhoistable = new Set(Object.keys(headers));
    if (s3Style) {
      request.headers["x-amz-content-sha256"] = req.query.get("X-Amz-Content-Sha256") ?? "UNSIGNED-PAYLOAD";
      unhoistable.add("x-amz-content-sha256");
      options.unsignableHeaders.add("x-amz-content-sha256");
    } else {
      request.body = undefined;
    }
    const out = await signer.presign(request, {
      ...options,
      expiresIn: claim.expiresIn,
      unhoistableHeaders: unhoistable,
    });
    computed = String(out.query?.["X-Amz-Signature"] ?? "");
  }
  return safeEqual(computed, claim.signature);
}

const signers = new Map<string, VerifyingSigner>();
const MAX_SIGNERS = 256;

/** Signers are reused per key, scope and secret: building one per request shows in profiles. */
function signerFor(claim: SigV4Claim, secret: SigningSecret, uriEscapePath: boolean): VerifyingSigner {
  const key = [
    secret.accessKeyId,
    secret.secretAccessKey,
    secret.sessionToken ?? "",
    claim.region,
    claim.service,
    uriEscapePath,
  ].join("\n");
  let signer = signers.get(key);
  if (!signer) {
    if (signers.size >= MAX_SIGNERS) signers.clear();
    signer = new VerifyingSigner({
      service: claim.service,
      region: claim.region,
      credentials: { ...secret },
      sha256: NodeSha256,
      uriEscapePath,
      applyChecksum: false,
    });
    signers.set(key, signer);
  }
  return signer;
}

/** The fields presign() writes itself; the client's copies are dropped so casing cannot double them. */
const PRESIGN_FIELDS = new Set([
  "x-amz-algorithm",
  "x-amz-credential",
  "x-amz-date",
  "x-amz-expires",
  "x-amz-signedheaders",
  "x-amz-signature",
  "x-amz-security-token",
]);

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Signs the string-to-sign of one aws-chunked chunk, for STREAMING-AWS4-HMAC-SHA256-PAYLOAD bodies. */
export async function signString(
  claim: SigV4Claim,
  secret: SigningSecret,
  stringToSign: string,
): Promise<string> {
  const signer = signerFor(claim, secret, true);
  return signer.sign(stringToSign, {
    signingDate: claim.signingDate,
    signingRegion: claim.region,
    signingService: claim.service,
  });
}
