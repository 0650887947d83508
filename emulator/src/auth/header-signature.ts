import { createHmac, hash } from "node:crypto";
import type { HttpRequest as SmithyRequest } from "@smithy/protocol-http";
import {
  ALGORITHM_IDENTIFIER,
  AMZ_DATE_HEADER,
  createScope,
  GENERATED_HEADERS,
  getCanonicalHeaders,
  getPayloadHash,
  getSigningKey,
  hasHeader,
  SHA256_HEADER,
  SignatureV4,
  type SignatureV4CryptoInit,
  type SignatureV4Init,
  TOKEN_HEADER,
} from "@smithy/signature-v4";
import type { AwsCredentialIdentity, DateInput, HeaderBag } from "@smithy/types";

export interface HeaderSigningOptions {
  signingDate: Date;
  signingRegion: string;
  signingService: string;
  signableHeaders: Set<string>;
  unsignableHeaders: Set<string>;
}

/**
 * A SignatureV4 that can also compute just the signature of a header-signed request: the
 * steps of its signRequest() (canonical headers, canonical request, string to sign, signing
 * key, all smithy's own), without the signed copy of the request sign() builds around them,
 * which a verifier throws away. Every signed request pays this check: with the caches below
 * it took ~70 µs per PutObject on the bench machine instead of ~113 µs through sign().
 * Tests pin it, and the overrides, to smithy's own sign().
 */
export class VerifyingSigner extends SignatureV4 {
  private readonly credentials: AwsCredentialIdentity;
  /** The last signing key derived, by scope: signers are made per key, region and service. */
  private signingKey: { scope: string; key: Uint8Array } | null = null;
  /** The last date formatted: a client's requests share their X-Amz-Date within a second. */
  private formatted: { time: number; dates: { longDate: string; shortDate: string } } | null = null;

  constructor(init: SignatureV4Init & SignatureV4CryptoInit & { credentials: AwsCredentialIdentity }) {
    super(init);
    this.credentials = init.credentials;
  }

  protected override formatDate(now: DateInput): { longDate: string; shortDate: string } {
    if (!(now instanceof Date)) return super.formatDate(now);
    const time = now.getTime();
    if (this.formatted?.time !== time) this.formatted = { time, dates: super.formatDate(now) };
    return this.formatted.dates;
  }

  /** smithy's string to sign, with the canonical request hashed in one native call. */
  protected override async createStringToSign(
    longDate: string,
    credentialScope: string,
    canonicalRequest: string,
    algorithmIdentifier: string,
  ): Promise<string> {
    return `${algorithmIdentifier}\n${longDate}\n${credentialScope}\n${hash("sha256", canonicalRequest, "hex")}`;
  }

  /** The hex signature sign() would put in the Authorization header; `request` is modified. */
  async headerSignature(request: SmithyRequest, options: HeaderSigningOptions): Promise<string> {
    const credentials = this.credentials;
    this.validateResolvedCredentials(credentials);
    // As prepareRequest() and signRequest() do, generated headers are replaced by the signer's
    // own; copied rather than deleted, as `delete` turns the object into a slow dictionary.
    const headers: HeaderBag = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (!GENERATED_HEADERS.includes(name.toLowerCase())) headers[name] = value;
    }
    const { longDate, shortDate } = this.formatDate(options.signingDate);
    headers[AMZ_DATE_HEADER] = longDate;
    if (credentials.sessionToken) headers[TOKEN_HEADER] = credentials.sessionToken;
    request.headers = headers;
    // Lower-case names are what clients send; getPayloadHash() scans for any casing.
    const payloadHash = headers[SHA256_HEADER] ?? (await getPayloadHash(request, this.sha256));
    if (this.applyChecksum && !hasHeader(SHA256_HEADER, request.headers)) {
      request.headers[SHA256_HEADER] = payloadHash;
    }
    const canonicalHeaders = getCanonicalHeaders(request, options.unsignableHeaders, options.signableHeaders);
    const scope = createScope(shortDate, options.signingRegion, options.signingService);
    const stringToSign = await this.createStringToSign(
      longDate,
      scope,
      this.createCanonicalRequest(request, canonicalHeaders, payloadHash),
      ALGORITHM_IDENTIFIER,
    );
    if (this.signingKey?.scope !== scope) {
      const key = await getSigningKey(
        this.sha256,
        credentials,
        shortDate,
        options.signingRegion,
        options.signingService,
      );
      this.signingKey = { scope, key };
    }
    return createHmac("sha256", this.signingKey.key).update(stringToSign, "utf8").digest("hex");
  }
}
