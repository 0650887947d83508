import { AwsError } from "../../../protocol/aws-error.ts";

/** NextToken for the alarm listings: the offset of the next item, opaque to clients. */
export function writeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString("base64");
}

export function readToken(token: string): number {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, "base64").toString("utf8"));
    if (
      parsed !== null &&
      typeof parsed === "object" &&
      "offset" in parsed &&
      Number.isInteger(parsed.offset) &&
      (parsed.offset as number) >= 0
    ) {
      return parsed.offset as number;
    }
  } catch {
    // Falls through to the error below.
  }
  throw new AwsError("InvalidNextToken", "The service returned an invalid NextToken.", 400);
}
