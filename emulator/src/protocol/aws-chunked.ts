import { createHash } from "node:crypto";
import { AwsError } from "./aws-error.ts";

/** A decoded aws-chunked body: the payload, any trailing headers, and each chunk's signature. */
export interface ChunkedBody {
  data: Buffer;
  trailers: Record<string, string>;
  chunks: Array<{ signature: string | null; start: number; end: number }>;
}

const CRLF = Buffer.from("\r\n");

function incomplete(): AwsError {
  return new AwsError("IncompleteBody", "The request body terminated unexpectedly", 400);
}

/**
 * Decodes the aws-chunked framing the SDKs use for streaming uploads:
 *   hex-size[;chunk-signature=sig] CRLF data CRLF ... 0[;...] CRLF trailers CRLF
 */
export function decodeAwsChunked(body: Buffer): ChunkedBody {
  const parts: Buffer[] = [];
  const chunks: ChunkedBody["chunks"] = [];
  let pos = 0;
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf(CRLF, pos);
    if (lineEnd < 0) throw incomplete();
    const line = body.subarray(pos, lineEnd).toString("latin1");
    const [sizeText = "", ...exts] = line.split(";");
    const size = Number.parseInt(sizeText.trim(), 16);
    if (!Number.isFinite(size) || size < 0) {
      throw new AwsError("InvalidChunkSizeError", `Invalid chunk size: "${sizeText}"`, 400);
    }
    const sigExt = exts.find((e) => e.trim().startsWith("chunk-signature="));
    const signature = sigExt ? sigExt.trim().slice("chunk-signature=".length) : null;
    pos = lineEnd + 2;
    if (pos + size > body.length) throw incomplete();
    const data = body.subarray(pos, pos + size);
    chunks.push({ signature, start: offset, end: offset + size });
    if (size === 0) break;
    parts.push(data);
    offset += size;
    pos += size;
    if (!body.subarray(pos, pos + 2).equals(CRLF)) throw incomplete();
    pos += 2;
  }
  const trailers: Record<string, string> = {};
  for (;;) {
    const lineEnd = body.indexOf(CRLF, pos);
    if (lineEnd < 0) break;
    const line = body.subarray(pos, lineEnd).toString("latin1");
    pos = lineEnd + 2;
    if (line === "") break;
    const colon = line.indexOf(":");
    if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { data: parts.length === 1 ? parts[0]! : Buffer.concat(parts), trailers, chunks };
}

const EMPTY_SHA256 = createHash("sha256").update("").digest("hex");

/** The string each chunk signs, chained through the previous chunk's signature. */
export function chunkStringToSign(amzDate: string, scope: string, previous: string, chunk: Buffer): string {
  const hash = createHash("sha256").update(chunk).digest("hex");
  return ["AWS4-HMAC-SHA256-PAYLOAD", amzDate, scope, previous, EMPTY_SHA256, hash].join("\n");
}

export function isAwsChunked(headers: Record<string, string>): boolean {
  const sha = headers["x-amz-content-sha256"] ?? "";
  const encoding = headers["content-encoding"] ?? "";
  return sha.startsWith("STREAMING-") || encoding.split(",").some((e) => e.trim() === "aws-chunked");
}
