import { createHash } from "node:crypto";
import { z } from "zod";

/**
 * Opaque NextTokens: a position, bound to the request it came from by a digest, so a token
 * replayed with another request is refused rather than misread.
 */
const tokenBody = z.object({ p: z.union([z.number().int().nonnegative(), z.string()]), h: z.string() });

export function requestDigest(request: unknown): string {
  return createHash("sha256").update(JSON.stringify(request)).digest("base64url").slice(0, 16);
}

export function encodeToken(position: number | string, digest: string): string {
  return Buffer.from(JSON.stringify({ p: position, h: digest }), "utf8").toString("base64url");
}

/** The position a token holds, or null when it is not one of ours for this request. */
export function decodeToken(token: string, digest: string): number | string | null {
  try {
    const parsed = tokenBody.safeParse(JSON.parse(Buffer.from(token, "base64url").toString("utf8")));
    return parsed.success && parsed.data.h === digest ? parsed.data.p : null;
  } catch {
    return null;
  }
}
