import { hash } from "node:crypto";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION, type EmulatorConfig } from "../config.ts";
import type { Principal } from "../gateway/context.ts";
import type { HttpRequest } from "../gateway/http.ts";
import type { Service } from "../gateway/service.ts";
import {
  type ChunkedBody,
  chunkStringToSign,
  decodeAwsChunked,
  isAwsChunked,
} from "../protocol/aws-chunked.ts";
import { AwsError } from "../protocol/aws-error.ts";
import type { StateStore } from "../state/store.ts";
import { checkV2Expiry, parseSigV2, sigV2Matches } from "./sigv2.ts";
import {
  checkSigningTime,
  parseSigV4,
  type SigningSecret,
  type SigV4Claim,
  safeEqual,
  signatureMatches,
  signString,
} from "./sigv4.ts";
import { TEMPORARY_CREDENTIALS_TABLE, type TemporaryCredential } from "./temporary-credentials.ts";

export interface Authenticated {
  principal: Principal;
  region: string;
}

export type ErrorFamily = "s3" | "query" | "json";

function family(service: Service): ErrorFamily {
  if (service.codec.protocol === "rest-xml") return "s3";
  if (service.codec.protocol === "query") return "query";
  return "json";
}

/** AWS words the same failure differently per protocol family; these are the codes clients match on. */
const ERRORS = {
  unknownKey: {
    s3: ["InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", 403],
    query: ["InvalidClientTokenId", "The security token included in the request is invalid.", 403],
    json: ["UnrecognizedClientException", "The security token included in the request is invalid.", 400],
  },
  badSignature: {
    s3: [
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
      403,
    ],
    query: [
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
      403,
    ],
    json: [
      "InvalidSignatureException",
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
      400,
    ],
  },
  badToken: {
    s3: ["InvalidToken", "The provided token is malformed or otherwise invalid.", 400],
    query: ["InvalidClientTokenId", "The security token included in the request is invalid.", 403],
    json: ["UnrecognizedClientException", "The security token included in the request is invalid.", 400],
  },
  expiredToken: {
    s3: ["ExpiredToken", "The provided token has expired.", 400],
    query: ["ExpiredToken", "The security token included in the request is expired", 403],
    json: ["ExpiredTokenException", "The security token included in the request is expired", 400],
  },
  anonymous: {
    s3: ["AccessDenied", "Access Denied", 403],
    query: ["MissingAuthenticationToken", "Request is missing Authentication Token", 403],
    json: ["MissingAuthenticationTokenException", "Missing Authentication Token", 403],
  },
} as const;

function fail(kind: keyof typeof ERRORS, service: Service | ErrorFamily, accessKeyId?: string): AwsError {
  const f = typeof service === "string" ? service : family(service);
  const [code, message, status] = ERRORS[kind][f];
  // S3 names the key it could not find.
  const fields: Record<string, string> =
    kind === "unknownKey" && f === "s3" && accessKeyId !== undefined ? { AWSAccessKeyId: accessKeyId } : {};
  return new AwsError(code, message, status, { fields });
}

export interface ResolvedKey {
  principal: Principal;
  /** Null in lenient mode for a key the emulator does not know: its signatures are not checked. */
  secret: SigningSecret | null;
}

/**
 * Finds who an access key belongs to and its secret: a configured key pair, or
 * temporary credentials STS issued (whose session token must come with them). In
 * strict mode an unknown key fails; in lenient mode any key works, as on LocalStack,
 * and a 12-digit key names the account. S3's POST uploads use this for the key in
 * their form fields.
 */
export function resolveAccessKey(
  config: EmulatorConfig,
  store: StateStore,
  claim: { accessKeyId: string; sessionToken?: string | undefined },
  errors: ErrorFamily,
): ResolvedKey {
  const strict = config.auth === "strict";
  const key = claim.accessKeyId;
  const fixed = config.credentials.find((c) => c.accessKeyId === key);
  if (fixed) {
    return { principal: rootPrincipal(key, fixed.accountId), secret: fixed };
  }
  const temp = store.table<TemporaryCredential>(TEMPORARY_CREDENTIALS_TABLE).get(key);
  if (temp) {
    if (strict && claim.sessionToken !== temp.sessionToken) throw fail("badToken", errors);
    if (strict && Date.parse(temp.expiration) < Date.now()) {
      // Expired keys are never valid again: drop them so the state does not keep growing.
      store.table<TemporaryCredential>(TEMPORARY_CREDENTIALS_TABLE).delete(key);
      throw fail("expiredToken", errors);
    }
    return {
      principal: { accessKeyId: key, accountId: temp.accountId, arn: temp.arn, userId: temp.userId },
      secret: { accessKeyId: key, secretAccessKey: temp.secretAccessKey, sessionToken: temp.sessionToken },
    };
  }
  if (strict) throw fail("unknownKey", errors, key);
  return { principal: rootPrincipal(key, /^\d{12}$/.test(key) ? key : DEFAULT_ACCOUNT_ID), secret: null };
}

export function rootPrincipal(accessKeyId: string | null, accountId: string): Principal {
  return { accessKeyId, accountId, arn: `arn:aws:iam::${accountId}:root`, userId: accountId };
}

/**
 * Establishes who sent a request and normalises its body: verifies SigV4 (header
 * or presigned) against known keys, removes aws-chunked framing (checking chunk
 * signatures and the declared payload hash) and undoes Content-Encoding.
 */
export class Authenticator {
  private readonly config: EmulatorConfig;
  private readonly store: StateStore;

  constructor(config: EmulatorConfig, store: StateStore) {
    this.config = config;
    this.store = store;
  }

  async authenticate(req: HttpRequest, service: Service): Promise<Authenticated> {
    const claim = parseSigV4(req);
    const strict = this.config.auth === "strict";
    const legacy = !claim && service.acceptsSigV2 ? parseSigV2(req) : null;
    if (legacy) {
      const resolved = resolveAccessKey(this.config, this.store, legacy, "s3");
      if (resolved.secret) {
        checkV2Expiry(legacy, req.receivedAt);
        const bucket = service.virtualHostBucket?.(req) ?? null;
        if (!sigV2Matches(req, legacy, resolved.secret.secretAccessKey, bucket))
          throw fail("badSignature", service);
      }
      this.normaliseBody(req, service);
      return { principal: resolved.principal, region: DEFAULT_REGION };
    }
    if (!claim) {
      if (strict && !service.allowsAnonymous?.(req)) throw fail("anonymous", service);
      this.normaliseBody(req, service);
      return {
        principal: { ...rootPrincipal(null, DEFAULT_ACCOUNT_ID), arn: "anonymous", userId: "anonymous" },
        region: DEFAULT_REGION,
      };
    }
    const resolved = resolveAccessKey(this.config, this.store, claim, family(service));
    if (resolved.secret) {
      checkSigningTime(claim, req.receivedAt);
      if (!(await signatureMatches(req, claim, resolved.secret))) throw fail("badSignature", service);
    }
    await this.normaliseBodyVerified(req, service, claim, resolved.secret);
    return { principal: resolved.principal, region: claim.region || DEFAULT_REGION };
  }

  private async normaliseBodyVerified(
    req: HttpRequest,
    service: Service,
    claim: SigV4Claim,
    secret: SigningSecret | null,
  ): Promise<void> {
    const declared = req.headers["x-amz-content-sha256"];
    if (claim.kind === "header" && declared && /^[0-9a-f]{64}$/.test(declared)) {
      const actual = hash("sha256", req.body, "hex");
      if (actual !== declared) {
        throw new AwsError(
          "XAmzContentSHA256Mismatch",
          "The provided 'x-amz-content-sha256' header does not match what was computed.",
          400,
          {
            fields: { ClientComputedContentSHA256: declared, S3ComputedContentSHA256: actual },
          },
        );
      }
    }
    const chunks = this.normaliseBody(req, service);
    if (secret && declared?.startsWith("STREAMING-AWS4-HMAC-SHA256-PAYLOAD") && chunks) {
      const scope = `${claim.scopeDate}/${claim.region}/${claim.service}/aws4_request`;
      let previous = claim.signature;
      for (const chunk of chunks) {
        const data = req.body.subarray(chunk.start, chunk.end);
        const expected = await signString(
          claim,
          secret,
          chunkStringToSign(claim.amzDate, scope, previous, data),
        );
        if (!chunk.signature || !safeEqual(expected, chunk.signature)) throw fail("badSignature", service);
        previous = chunk.signature;
      }
    }
  }

  /** Removes aws-chunked framing and Content-Encoding; returns the chunks when the body was chunked. */
  private normaliseBody(req: HttpRequest, service: Service): ChunkedBody["chunks"] | null {
    let chunks: ChunkedBody["chunks"] | null = null;
    if (isAwsChunked(req.headers)) {
      const decoded = decodeAwsChunked(req.body);
      const declaredLength = req.headers["x-amz-decoded-content-length"];
      if (declaredLength !== undefined && Number(declaredLength) !== decoded.data.length) {
        throw new AwsError(
          "IncompleteBody",
          "You did not provide the number of bytes specified by the Content-Length HTTP header",
          400,
        );
      }
      req.body = decoded.data;
      chunks = decoded.chunks;
      for (const [name, value] of Object.entries(decoded.trailers)) {
        if (name !== "x-amz-trailer-signature") req.headers[name] = value;
      }
      req.headers["content-length"] = String(decoded.data.length);
      const rest = (req.headers["content-encoding"] ?? "")
        .split(",")
        .map((e) => e.trim())
        .filter((e) => e !== "" && e !== "aws-chunked");
      if (rest.length > 0) req.headers["content-encoding"] = rest.join(", ");
      else delete req.headers["content-encoding"];
    }
    // S3 stores Content-Encoding as object metadata; other services expect the body decoded.
    const encoding = req.headers["content-encoding"];
    if (encoding && !service.storesContentEncoding) {
      req.body = decodeContent(req.body, encoding);
      delete req.headers["content-encoding"];
    }
    return chunks;
  }
}

function decodeContent(body: Buffer, encoding: string): Buffer {
  let out = body;
  for (const e of encoding
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .reverse()) {
    try {
      if (e === "gzip" || e === "x-gzip") out = gunzipSync(out);
      else if (e === "deflate") out = inflateSync(out);
      else if (e === "br") out = brotliDecompressSync(out);
      else if (e !== "identity" && e !== "") {
        throw new AwsError("UnsupportedMediaType", `Content-Encoding ${e} is not supported`, 415);
      }
    } catch (err) {
      if (err instanceof AwsError) throw err;
      throw new AwsError("SerializationException", `The body is not valid ${e} data`, 400);
    }
  }
  return out;
}
