import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from "./errors.ts";
import type { ApiRequest } from "./request.ts";

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * The request's JSON body: 415 when it is declared as something else, 413 over `maxBytes`,
 * 400 when it is missing or not JSON. A missing Content-Type is let through (curl, scripts).
 */
export function jsonBody(request: ApiRequest, maxBytes: number): unknown {
  const contentType = request.headers["content-type"];
  if (contentType !== undefined && !JSON_TYPE.test(contentType)) {
    throw new UnsupportedMediaTypeError(contentType);
  }
  const body = request.body ?? "";
  if (Buffer.byteLength(body, "utf8") > maxBytes) throw new PayloadTooLargeError(maxBytes);
  if (body.trim() === "") throw new ValidationError("body", "body: is required: a JSON object");
  try {
    return JSON.parse(body);
  } catch {
    throw new ValidationError("body", "body: is not valid JSON");
  }
}
