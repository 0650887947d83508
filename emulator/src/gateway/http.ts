import type { Readable } from "node:stream";

/** A request as the gateway hands it to a codec: fully buffered, aws-chunked framing removed. */
export interface HttpRequest {
  requestId: string;
  method: string;
  /** The path exactly as received (still percent-encoded), without the query. */
  rawPath: string;
  /** The query string as received, without the leading "?". */
  rawQuery: string;
  query: URLSearchParams;
  /** Lower-cased header names; repeated headers joined with ", " (Cookie lines with "; "). */
  headers: Record<string, string>;
  body: Buffer;
  /** The Host header without the port. */
  hostname: string;
  receivedAt: Date;
  /** The client's address on the TCP connection (function URLs report it as sourceIp). */
  remoteAddress?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body?: Buffer | string | Readable;
  /** Set-Cookie values, each sent as a header line of its own: joined, they are ambiguous (cookie dates hold commas). */
  setCookies?: string[];
}

/** Decodes a percent-encoded path segment; a malformed escape leaves the text as sent instead of throwing. */
export function decodePathComponent(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
