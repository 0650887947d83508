import { createHash } from "node:crypto";
import { z } from "zod";
import { decodePageToken, encodePageToken } from "../../../protocol/page-token.ts";

/**
 * Opaque NextTokens: a position, bound to the request it came from by a digest, so a token
 * replayed with another request is refused rather than misread.
 */
const tokenBody = z.object({ p: z.union([z.number().int().nonnegative(), z.string()]), h: z.string() });

export function requestDigest(request: unknown): string {
  return createHash("sha256").update(JSON.stringify(request)).digest("base64url").slice(0, 16);
}

export function encodeToken(position: number | string, digest: string): string {
  return encodePageToken({ p: position, h: digest });
}

/** The position a token holds, or null when it is not one of ours for this request. */
export function decodeToken(token: string, digest: string): number | string | null {
  const body = decodePageToken(token, tokenBody);
  return body !== undefined && body.h === digest ? body.p : null;
}
