import type { HttpRequest, HttpResponse } from "../gateway/http.ts";
import { AwsError } from "./aws-error.ts";
import { jsonRequestIdHeader, type OperationCall, type RpcCodec } from "./codec.ts";

/** JSON.stringify with AWS JSON's encodings: timestamps as epoch seconds, blobs as base64. */
export function stringifyAwsJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const original = this[key];
    if (original instanceof Date) return original.getTime() / 1000;
    if (original instanceof Uint8Array) return Buffer.from(original).toString("base64");
    return v;
  });
}

export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new AwsError("SerializationException", "Start of structure or map found where not expected", 400);
  }
}

/** AWS JSON 1.0 and 1.1 (DynamoDB, CloudWatch Logs, ...): X-Amz-Target names the operation. */
export class JsonCodec implements RpcCodec {
  readonly protocol = "json" as const;
  readonly standardHeaders = jsonRequestIdHeader;
  readonly version: "1.0" | "1.1";
  /** The X-Amz-Target prefix, e.g. "DynamoDB_20120810". */
  private readonly targetPrefix: string;
  /** The Smithy namespace errors are qualified with, e.g. "com.amazonaws.dynamodb.v20120810". */
  private readonly errorNamespace: string;

  /** awsQueryCompatible services (CloudWatch, SNS) also send the query code in x-amzn-query-error. */
  private readonly queryCompatible: boolean;

  constructor(
    version: "1.0" | "1.1",
    targetPrefix: string,
    errorNamespace: string,
    options: { queryCompatible?: boolean } = {},
  ) {
    this.version = version;
    this.targetPrefix = targetPrefix;
    this.errorNamespace = errorNamespace;
    this.queryCompatible = options.queryCompatible ?? false;
  }

  decode(req: HttpRequest): OperationCall {
    const target = req.headers["x-amz-target"] ?? "";
    const dot = target.lastIndexOf(".");
    if (dot < 0 || target.slice(0, dot) !== this.targetPrefix) {
      throw new AwsError(
        "UnknownOperationException",
        `Unknown operation ${target || "(no X-Amz-Target)"}`,
        400,
      );
    }
    return { operation: target.slice(dot + 1), input: parseJsonBody(req.body) };
  }

  encode(_call: OperationCall, output: unknown): HttpResponse {
    return {
      status: 200,
      headers: { "content-type": `application/x-amz-json-${this.version}` },
      body: stringifyAwsJson(output ?? {}),
    };
  }

  encodeError(err: AwsError): HttpResponse {
    return {
      status: err.status,
      headers: {
        "content-type": `application/x-amz-json-${this.version}`,
        "x-amzn-errortype": err.shape,
        ...(this.queryCompatible ? queryErrorHeader(err) : {}),
        ...err.headers,
      },
      body: JSON.stringify({
        __type: `${this.errorNamespace}#${err.shape}`,
        message: err.message,
        ...err.fields,
      }),
    };
  }
}

/** awsQueryCompatible: the query protocol's code and fault, which SDKs report as the error's code. */
export function queryErrorHeader(err: AwsError): Record<string, string> {
  return { "x-amzn-query-error": `${err.code};${err.fault}` };
}
