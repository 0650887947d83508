import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";
import { Crc32c, Crc64Nvme } from "@aws-sdk/checksums/crc";
import type { HttpRequest } from "../../gateway/http.ts";
import { AwsError } from "../../protocol/aws-error.ts";
import { crc32Of } from "../../state/crc32.ts";
import { s3Errors } from "./errors.ts";
import type { ChecksumAlgorithm } from "./model.ts";

export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = [
  "CRC32",
  "CRC32C",
  "SHA1",
  "SHA256",
  "CRC64NVME",
];

/** Constant strings: a name built per call must be looked up in V8's string table on every use. */
const CHECKSUM_HEADERS: Readonly<Record<ChecksumAlgorithm, string>> = {
  CRC32: "x-amz-checksum-crc32",
  CRC32C: "x-amz-checksum-crc32c",
  SHA1: "x-amz-checksum-sha1",
  SHA256: "x-amz-checksum-sha256",
  CRC64NVME: "x-amz-checksum-crc64nvme",
};

export function checksumHeader(algorithm: ChecksumAlgorithm): string {
  return CHECKSUM_HEADERS[algorithm];
}

export function parseAlgorithm(value: string | undefined | null): ChecksumAlgorithm | undefined {
  if (!value) return undefined;
  const upper = value.toUpperCase() as ChecksumAlgorithm;
  if (!CHECKSUM_ALGORITHMS.includes(upper)) {
    throw s3Errors.invalidRequest(
      `Value for x-amz-checksum-algorithm header is invalid. Valid values are CRC32, CRC32C, SHA1, SHA256, CRC64NVME`,
    );
  }
  return upper;
}

/** The raw digest bytes of `data` (CRC32 and CRC32C big-endian, as S3 encodes them). */
export async function digest(algorithm: ChecksumAlgorithm, data: Buffer | Buffer[]): Promise<Buffer> {
  const parts = Array.isArray(data) ? data : [data];
  const now = digestNow(algorithm, parts);
  if (now) return now;
  switch (algorithm) {
    case "CRC32C": {
      const c = new Crc32c();
      for (const p of parts) c.update(p);
      return Buffer.from(await c.digest());
    }
    case "CRC64NVME": {
      const c = new Crc64Nvme();
      for (const p of parts) c.update(p);
      return Buffer.from(await c.digest());
    }
    default:
      throw new Error(`no digest for ${algorithm}`);
  }
}

/** The digest, for the algorithms Node computes synchronously; null for the others. */
function digestNow(algorithm: ChecksumAlgorithm, parts: readonly Buffer[]): Buffer | null {
  switch (algorithm) {
    case "CRC32": {
      // One whole body: remembered, so the log's record checksum reuses it.
      let sum = parts.length === 1 ? crc32Of(parts[0]!) : 0;
      if (parts.length > 1) for (const p of parts) sum = crc32(p, sum);
      const out = Buffer.alloc(4);
      out.writeUInt32BE(sum >>> 0);
      return out;
    }
    case "SHA1":
    case "SHA256": {
      const h = createHash(algorithm === "SHA1" ? "sha1" : "sha256");
      for (const p of parts) h.update(p);
      return h.digest();
    }
    default:
      return null;
  }
}

export async function checksumBase64(algorithm: ChecksumAlgorithm, data: Buffer | Buffer[]): Promise<string> {
  return (await digest(algorithm, data)).toString("base64");
}

/** The x-amz-checksum-* values on a request (headers or merged aws-chunked trailers), by algorithm. */
export function sentChecksums(headers: Record<string, string>): Map<ChecksumAlgorithm, string> {
  const sent = new Map<ChecksumAlgorithm, string>();
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const value = headers[checksumHeader(algorithm)];
    if (value !== undefined) sent.set(algorithm, value);
  }
  return sent;
}

/**
 * Verifies Content-MD5 and any x-amz-checksum-* value (a header, or an aws-chunked
 * trailer the gateway merged into the headers) against the body. Returns the
 * checksum to store: the one the client sent or asked for, if any.
 */
export async function verifyRequestChecksums(
  req: HttpRequest,
  body: Buffer,
): Promise<{ algorithm: ChecksumAlgorithm; value: string } | undefined> {
  const md5 = req.headers["content-md5"];
  if (md5 !== undefined) {
    if (!/^[A-Za-z0-9+/]{22}==$/.test(md5)) throw s3Errors.invalidDigest();
    if (createHash("md5").update(body).digest("base64") !== md5) {
      throw new AwsError("BadDigest", "The Content-MD5 you specified did not match what we received.", 400);
    }
  }
  let found: { algorithm: ChecksumAlgorithm; value: string } | undefined;
  for (const [algorithm, value] of sentChecksums(req.headers)) {
    // Synchronous where possible: this runs on every PutObject and UploadPart.
    const actual = (digestNow(algorithm, [body]) ?? (await digest(algorithm, body))).toString("base64");
    if (actual !== value) throw s3Errors.badDigest(algorithm);
    found = { algorithm, value };
  }
  if (found) return found;
  const requested = parseAlgorithm(
    req.headers["x-amz-sdk-checksum-algorithm"] ?? req.headers["x-amz-checksum-algorithm"],
  );
  if (requested) return { algorithm: requested, value: await checksumBase64(requested, body) };
  return undefined;
}

/**
 * Operations whose model sets requestChecksumRequired need Content-MD5 or an
 * x-amz-checksum-* value, and S3 verifies whichever was sent.
 */
export async function requireChecksum(req: HttpRequest): Promise<void> {
  if (req.headers["content-md5"] === undefined && sentChecksums(req.headers).size === 0) {
    throw s3Errors.invalidRequest(
      "Missing required header for this request: Content-MD5 OR x-amz-checksum-*",
    );
  }
  await verifyRequestChecksums(req, req.body);
}
