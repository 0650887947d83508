import type { HttpRequest, HttpResponse } from "../gateway/http.ts";
import type { AwsError } from "./aws-error.ts";

/** A decoded call: which operation, with what (not yet validated) input. */
export interface OperationCall {
  operation: string;
  input: unknown;
}

/** One per wire protocol: turns HTTP into calls and results (or errors) back into HTTP. */
export interface Codec {
  readonly protocol: "query" | "rest-xml" | "json" | "rest-json" | "rpc-v2-cbor";
  encodeError(err: AwsError, req: HttpRequest): HttpResponse;
  /** Headers the protocol's services put on every response (beyond x-amz-request-id and Date). */
  standardHeaders?(req: HttpRequest): Record<string, string>;
}

/** JSON-family services also name the request id x-amzn-RequestId. */
export function jsonRequestIdHeader(req: HttpRequest): Record<string, string> {
  return { "x-amzn-requestid": req.requestId };
}

export interface RpcCodec extends Codec {
  decode(req: HttpRequest): OperationCall;
  encode(call: OperationCall, output: unknown, req: HttpRequest): HttpResponse;
}
