import type { z } from "zod";
import { decodePageToken, encodePageToken } from "../../protocol/page-token.ts";
import { invalidNextToken } from "./errors.ts";

/**
 * Opaque pagination tokens: a position (the last name returned, or an event's sort key),
 * so a page continues where the previous one stopped even if items were added meanwhile.
 */
export const encodeToken = encodePageToken;

export function decodeToken<T>(token: string, schema: z.ZodType<T>): T {
  const position = decodePageToken(token, schema);
  if (position === undefined) throw invalidNextToken();
  return position;
}
