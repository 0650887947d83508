import type { HttpRequest, HttpResponse } from "../gateway/http.ts";
import type { AwsError } from "./aws-error.ts";
import type { OperationCall, RpcCodec } from "./codec.ts";
import { JsonCodec } from "./json.ts";
import { QueryCodec } from "./query.ts";
import { RpcV2CborCodec } from "./rpc-v2-cbor.ts";

const CBOR_PATH = /^\/service\/[^/]+\/operation\//;

/** What a service marked awsQueryCompatible speaks: its query API plus the newer JSON and CBOR ones. */
export interface QueryCompatibleProtocols {
  /** The query protocol's XML namespace, e.g. "http://monitoring.amazonaws.com/doc/2010-08-01/". */
  xmlNamespace: string;
  /** The Smithy service shape: the X-Amz-Target prefix and the CBOR path segment. */
  smithyService: string;
  /** The namespace JSON and CBOR errors are qualified with, e.g. "com.amazonaws.cloudwatch". */
  errorNamespace: string;
  /** Whether the service also answers awsJson1_0 (CloudWatch does; SNS speaks only query). */
  json?: boolean;
  /** Whether the service also answers rpc-v2-cbor. */
  cbor?: boolean;
}

/**
 * One codec per request for a service that speaks several protocols over one model
 * (CloudWatch: query for Terraform, awsJson1_0 for the JS SDK, rpc-v2-cbor for botocore).
 * The request says which: the CBOR path, else X-Amz-Target, else form fields. Errors keep
 * the query code everywhere (x-amzn-query-error), as awsQueryCompatible requires.
 */
export class QueryCompatibleCodec implements RpcCodec {
  /** The query family, for authentication errors (InvalidClientTokenId, SignatureDoesNotMatch). */
  readonly protocol = "query" as const;
  private readonly query: QueryCodec;
  private readonly json: JsonCodec | null;
  private readonly cbor: RpcV2CborCodec | null;

  constructor(protocols: QueryCompatibleProtocols) {
    const options = { queryCompatible: true };
    this.query = new QueryCodec(protocols.xmlNamespace);
    this.json = protocols.json
      ? new JsonCodec("1.0", protocols.smithyService, protocols.errorNamespace, options)
      : null;
    this.cbor = protocols.cbor
      ? new RpcV2CborCodec(protocols.smithyService, protocols.errorNamespace, options)
      : null;
  }

  /** The codec this request was written in. */
  codecFor(req: HttpRequest): RpcCodec {
    if (this.cbor && CBOR_PATH.test(req.rawPath)) return this.cbor;
    if (this.json && req.headers["x-amz-target"] !== undefined) return this.json;
    return this.query;
  }

  decode(req: HttpRequest): OperationCall {
    return this.codecFor(req).decode(req);
  }

  encode(call: OperationCall, output: unknown, req: HttpRequest): HttpResponse {
    return this.codecFor(req).encode(call, output, req);
  }

  encodeError(err: AwsError, req: HttpRequest): HttpResponse {
    return this.codecFor(req).encodeError(err, req);
  }

  standardHeaders(req: HttpRequest): Record<string, string> {
    return this.codecFor(req).standardHeaders?.(req) ?? {};
  }
}
