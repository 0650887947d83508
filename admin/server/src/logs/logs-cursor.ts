import { base64urlToBytes, bytesToBase64url } from "@darkroom/image-record";
import { z } from "zod";
import { LOG_FUNCTIONS } from "./log-functions.ts";

/**
 * The logs listing's cursor: FilterLogEvents' nextToken with the function and time range it was
 * issued for, so the next page searches the same range even when `from` was a default ("an hour
 * ago" moves). base64url JSON; the filter pattern is the client's to repeat.
 */
export const MAX_LOGS_CURSOR_LENGTH = 4096;

const cursorSchema = z.strictObject({
  v: z.literal(1),
  function: z.enum(LOG_FUNCTIONS),
  startTime: z.number().int().nonnegative(),
  endTime: z.number().int().nonnegative().optional(),
  token: z.string().min(1),
});
export type LogsCursor = z.infer<typeof cursorSchema>;

export function encodeLogsCursor(cursor: Omit<LogsCursor, "v">): string {
  return bytesToBase64url(new TextEncoder().encode(JSON.stringify({ v: 1, ...cursor })));
}

/** The cursor, or null when it is not one this API issued. */
export function decodeLogsCursor(text: string): LogsCursor | null {
  const bytes = base64urlToBytes(text);
  if (bytes === null || bytes.length === 0) return null;
  try {
    const parsed = cursorSchema.safeParse(
      JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)),
    );
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
