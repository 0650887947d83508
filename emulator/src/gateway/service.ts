import { AwsError } from "../protocol/aws-error.ts";
import type { Codec, RpcCodec } from "../protocol/codec.ts";
import { type InputSchemas, invokeOperation, type Provider } from "../protocol/provider.ts";
import type { RequestContext } from "./context.ts";
import type { HttpRequest, HttpResponse } from "./http.ts";

/** How the gateway recognises a service's requests when the signature does not say. */
export interface ServiceDetection {
  /** Service names in SigV4 credential scopes, e.g. "monitoring" for CloudWatch. */
  signingNames: string[];
  /** X-Amz-Target prefixes, e.g. "DynamoDB_20120810". */
  targetPrefixes?: string[];
  /** The query protocol's Version field, e.g. "2010-05-08" for IAM. */
  queryVersions?: string[];
  /** Smithy service names in rpc-v2-cbor paths. */
  cborServices?: string[];
  /** Path prefixes for REST services, e.g. "/2015-03-31/functions". */
  pathPrefixes?: string[];
}

export interface ServiceResult {
  /** The operation, for the request log ("-" when it could not be decoded). */
  operation: string;
  response: HttpResponse;
}

/** One AWS service: the gateway hands it authenticated requests. */
export interface Service {
  /** The name in health output and logs, e.g. "s3". */
  readonly name: string;
  readonly detection: ServiceDetection;
  readonly codec: Codec;
  /** Whether unsigned requests may reach the service (S3's POST uploads and preflights). */
  allowsAnonymous?(req: HttpRequest): boolean;
  /** S3 only: the bucket named by a virtual-hosted host, which SigV2 signs as part of the resource. */
  virtualHostBucket?(req: HttpRequest): string | null;
  handle(req: HttpRequest, ctx: RequestContext): Promise<ServiceResult>;
  /** The operation a request names, for the log line of a request refused before it was handled. */
  peekOperation?(req: HttpRequest): string | undefined;
  /** S3 keeps Content-Encoding as object metadata; other services get the body decoded. */
  readonly storesContentEncoding?: boolean;
  /** S3 still accepts the legacy Signature Version 2. */
  readonly acceptsSigV2?: boolean;
}

/** A service over an RPC-style codec: decode, validate, call the provider method, encode. */
export class RpcService<S extends InputSchemas> implements Service {
  readonly name: string;
  readonly detection: ServiceDetection;
  readonly codec: RpcCodec;
  private readonly schemas: S;
  private readonly provider: Provider<S>;
  private readonly validationCode: string;

  constructor(options: {
    name: string;
    detection: ServiceDetection;
    codec: RpcCodec;
    schemas: S;
    provider: Provider<S>;
    validationCode?: string;
  }) {
    this.name = options.name;
    this.detection = options.detection;
    this.codec = options.codec;
    this.schemas = options.schemas;
    this.provider = options.provider;
    this.validationCode = options.validationCode ?? "ValidationError";
  }

  peekOperation(req: HttpRequest): string | undefined {
    try {
      return this.codec.decode(req).operation;
    } catch {
      return undefined;
    }
  }

  async handle(req: HttpRequest, ctx: RequestContext): Promise<ServiceResult> {
    const call = this.codec.decode(req);
    const output = await this.invoke(call.operation, call.input, ctx);
    return { operation: call.operation, response: this.codec.encode(call, output, req) };
  }

  /** Runs one operation; its errors carry the operation's name to the request log. */
  private async invoke(operation: string, input: unknown, ctx: RequestContext): Promise<unknown> {
    try {
      return await invokeOperation(
        this.name,
        this.schemas,
        this.provider,
        operation,
        input,
        ctx,
        this.validationCode,
      );
    } catch (err) {
      if (err instanceof AwsError) throw new OperationError(operation, err);
      throw err;
    }
  }
}

/** Attaches the operation name to an error so the request log can show it. */
export class OperationError extends Error {
  readonly operation: string;
  readonly error: AwsError;

  constructor(operation: string, error: AwsError) {
    super(error.message);
    this.operation = operation;
    this.error = error;
  }
}
