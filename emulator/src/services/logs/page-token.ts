import type { z } from "zod";
import { invalidNextToken } from "./errors.ts";

/**
 * Opaque pagination tokens: a position (the last name returned, or an event's sort key),
 * so a page continues where the previous one stopped even if items were added meanwhile.
 */
export function encodeToken(position: unknown): string {
  return Buffer.from(JSON.stringify(position)).toString("base64url");
}

export function decodeToken<T>(token: string, schema: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw invalidNextToken();
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidNextToken();
  return parsed.data;
}
