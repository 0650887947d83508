import { cbor, dateToTag } from "@smithy/core/cbor";
import { decodePathComponent, type HttpRequest, type HttpResponse } from "../gateway/http.ts";
import { AwsError } from "./aws-error.ts";
import { jsonRequestIdHeader, type OperationCall, type RpcCodec } from "./codec.ts";
import { queryErrorHeader } from "./json.ts";

const PATH = /^\/service\/([^/]+)\/operation\/([^/]+)$/;

/** Smithy RPC v2 CBOR (CloudWatch's current protocol): /service/{Service}/operation/{Operation}. */
export class RpcV2CborCodec implements RpcCodec {
  readonly protocol = "rpc-v2-cbor" as const;
  readonly standardHeaders = jsonRequestIdHeader;
  /** The Smithy service shape name in the path, e.g. "GraniteServiceVersion20100801". */
  private readonly serviceName: string;
  private readonly errorNamespace: string;

  private readonly queryCompatible: boolean;

  constructor(serviceName: string, errorNamespace: string, options: { queryCompatible?: boolean } = {}) {
    this.serviceName = serviceName;
    this.errorNamespace = errorNamespace;
    this.queryCompatible = options.queryCompatible ?? false;
  }

  decode(req: HttpRequest): OperationCall {
    const m = PATH.exec(req.rawPath);
    if (!m || m[1] !== this.serviceName) {
      throw new AwsError("UnknownOperationException", `No operation at ${req.rawPath}`, 404);
    }
    let input: unknown = {};
    if (req.body.length > 0) {
      try {
        input = cbor.deserialize(req.body);
      } catch {
        throw new AwsError("SerializationException", "The request body is not valid CBOR", 400);
      }
    }
    return { operation: decodePathComponent(m[2]!), input: fromCbor(input) };
  }

  encode(_call: OperationCall, output: unknown): HttpResponse {
    return {
      status: 200,
      headers: { "smithy-protocol": "rpc-v2-cbor", "content-type": "application/cbor" },
      body: Buffer.from(cbor.serialize(toCbor(output ?? {}))),
    };
  }

  encodeError(err: AwsError): HttpResponse {
    const body = { __type: `${this.errorNamespace}#${err.shape}`, message: err.message, ...err.fields };
    return {
      status: err.status,
      headers: {
        "smithy-protocol": "rpc-v2-cbor",
        "content-type": "application/cbor",
        ...(this.queryCompatible ? queryErrorHeader(err) : {}),
        ...err.headers,
      },
      body: Buffer.from(cbor.serialize(body)),
    };
  }
}

/** Dates become CBOR tag 1 (epoch seconds), as the protocol requires. */
function toCbor(value: unknown): unknown {
  if (value instanceof Date) return dateToTag(value);
  if (Array.isArray(value)) return value.map(toCbor);
  if (value !== null && typeof value === "object" && !(value instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toCbor(v);
    return out;
  }
  return value;
}

/** Tag 1 (epoch seconds) becomes a Date; byte strings stay Uint8Array. */
function fromCbor(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromCbor);
  if (value !== null && typeof value === "object" && !(value instanceof Uint8Array)) {
    const v = value as Record<string, unknown>;
    if (v.tag === 1 && typeof v.value === "number") return new Date(v.value * 1000);
    const out: Record<string, unknown> = {};
    for (const [k, inner] of Object.entries(v)) out[k] = fromCbor(inner);
    return out;
  }
  return value;
}
