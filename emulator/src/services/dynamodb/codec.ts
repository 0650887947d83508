import { crc32 } from "node:zlib";
import type { HttpRequest, HttpResponse } from "../../gateway/http.ts";
import type { AwsError } from "../../protocol/aws-error.ts";
import type { OperationCall } from "../../protocol/codec.ts";
import { JsonCodec, parseJsonBody } from "../../protocol/json.ts";
import { DYNAMODB_NAMESPACE, DynamoDbError, namespaceOf } from "./errors.ts";

/** DynamoDB Streams signs as "dynamodb" too, so its calls arrive here. */
const STREAMS_TARGET = "DynamoDBStreams_20120810.";

/**
 * AWS JSON 1.0 as DynamoDB speaks it: errors carry the namespace AWS uses for each
 * (coral's for validation and serialization errors) and their structured members,
 * and every response has the x-amz-crc32 header that botocore checks.
 */
export class DynamoDbCodec extends JsonCodec {
  constructor() {
    super("1.0", "DynamoDB_20120810", DYNAMODB_NAMESPACE);
  }

  /** A DynamoDB Streams call decodes to an operation no schema has, so it is answered "not implemented" by name. */
  override decode(req: HttpRequest): OperationCall {
    const target = req.headers["x-amz-target"] ?? "";
    if (target.startsWith(STREAMS_TARGET)) {
      return {
        operation: `DynamoDBStreams.${target.slice(STREAMS_TARGET.length)}`,
        input: parseJsonBody(req.body),
      };
    }
    return super.decode(req);
  }

  override encode(call: OperationCall, output: unknown): HttpResponse {
    return withCrc32(super.encode(call, output));
  }

  override encodeError(err: AwsError): HttpResponse {
    const ddb = err instanceof DynamoDbError ? err : null;
    const body = {
      __type: `${ddb?.namespace ?? namespaceOf(err.code)}#${err.code}`,
      [ddb?.messageKey ?? "message"]: err.message,
      ...err.fields,
      ...ddb?.details,
    };
    return withCrc32({
      status: err.status,
      headers: {
        "content-type": "application/x-amz-json-1.0",
        "x-amzn-errortype": err.code,
        ...err.headers,
      },
      body: JSON.stringify(body),
    });
  }
}

function withCrc32(response: HttpResponse): HttpResponse {
  if (typeof response.body === "string") response.headers["x-amz-crc32"] = String(crc32(response.body));
  return response;
}
