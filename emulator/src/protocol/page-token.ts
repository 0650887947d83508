import type { z } from "zod";

/** Opaque NextTokens: a JSON value in base64url, so clients cannot read or build them. */
export function encodePageToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

/** The value a token holds, or undefined when it is not one of ours (not base64 JSON of `schema`'s shape). */
export function decodePageToken<T>(token: string, schema: z.ZodType<T>): T | undefined {
  try {
    // base64url decoding also takes standard base64.
    const parsed = schema.safeParse(JSON.parse(Buffer.from(token, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
