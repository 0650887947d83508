import { LambdaFunctionUrl } from "@cdktf/provider-aws/lib/lambda-function-url/index.js";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission/index.js";
import { TABLE_INDEXES, UPLOAD_PREFIX, VARIANT_PREFIX } from "@darkroom/image-record";
import { Construct } from "constructs";
import type { envSchema } from "../lambdas/api/src/config.ts";
import { ALLOWED_REQUEST_HEADERS, PREFLIGHT_MAX_AGE } from "../lambdas/api/src/http/cors.ts";
import { allow, objectsUnder, type PolicyStatement } from "./iam-policy.ts";
import type { LambdaBundle } from "./lambda-bundles.ts";
import type { Metadata } from "./metadata.ts";
import { NodeFunction } from "./node-function.ts";
import type { Storage } from "./storage.ts";

/** The variables lambdas/api/src/config.ts reads, and no others. */
type ApiEnvironment = { [Name in keyof typeof envSchema.shape]?: string };

export interface ApiProps {
  functionName: string;
  bundle: LambdaBundle;
  stackDir: string;
  maxUploadBytes: number;
  consoleOrigins: string[];
  /** Where browsers reach S3 when it is not AWS's own endpoint (local targets). */
  publicS3Endpoint: string | undefined;
  logRetentionDays: number;
  storage: Storage;
  metadata: Metadata;
}

/** The API answers in milliseconds; the memory buys CPU for a fast cold start. */
const API_MEMORY_MB = 512;
const API_TIMEOUT_SECONDS = 10;
/** The methods of the API's routes (lambdas/api/src/router.ts; a test compares them). */
const API_METHODS = ["GET", "POST"];

/**
 * The public API behind a function URL without auth (the API is public: uploads are bounded by
 * the presigned POST's policy). The URL's CORS and the function's own allow the same origins,
 * so it does not matter which of the two answers a preflight.
 */
export class Api extends Construct {
  readonly api: NodeFunction;
  readonly url: LambdaFunctionUrl;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const { storage, metadata } = props;
    const environment = {
      UPLOADS_BUCKET: storage.uploads.bucket,
      MEDIA_BUCKET: storage.media.bucket,
      IMAGES_TABLE: metadata.table.name,
      MAX_UPLOAD_BYTES: String(props.maxUploadBytes),
      CORS_ALLOWED_ORIGINS: props.consoleOrigins.join(","),
      POWERTOOLS_SERVICE_NAME: props.functionName,
      ...(props.publicS3Endpoint ? { PUBLIC_S3_ENDPOINT: props.publicS3Endpoint } : {}),
    } satisfies ApiEnvironment;
    this.api = new NodeFunction(this, "api", {
      functionName: props.functionName,
      bundle: props.bundle,
      stackDir: props.stackDir,
      memoryMb: API_MEMORY_MB,
      timeoutSeconds: API_TIMEOUT_SECONDS,
      environment,
      statements: apiStatements(props),
      logRetentionDays: props.logRetentionDays,
    });
    this.url = new LambdaFunctionUrl(this, "url", {
      functionName: this.api.function.functionName,
      authorizationType: "NONE",
      cors: {
        allowOrigins: props.consoleOrigins,
        allowMethods: API_METHODS,
        allowHeaders: [ALLOWED_REQUEST_HEADERS],
        maxAge: Number(PREFLIGHT_MAX_AGE),
      },
    });
    // A URL without auth still needs a resource policy letting anyone call it.
    new LambdaPermission(this, "public-url", {
      statementId: "public-function-url",
      action: "lambda:InvokeFunctionUrl",
      functionName: this.api.function.functionName,
      principal: "*",
      functionUrlAuthType: "NONE",
    });
  }
}

/** Exactly what the API calls (lambdas/api/README.md, "Configuration"). */
function apiStatements({ storage, metadata }: ApiProps): PolicyStatement[] {
  const uploads = objectsUnder(storage.uploads.arn, UPLOAD_PREFIX);
  return [
    // A presigned POST is signed with the function's credentials: S3 checks its rights.
    allow("PresignUploads", ["s3:PutObject"], [uploads]),
    allow("PresignReads", ["s3:GetObject"], [uploads, objectsUnder(storage.media.arn, VARIANT_PREFIX)]),
    allow(
      "ImageRecords",
      ["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:BatchGetItem"],
      [metadata.table.arn],
    ),
    // Every listing is a Query on an index, never on the table itself.
    allow("ImageListings", ["dynamodb:Query"], metadata.indexArns([TABLE_INDEXES.gsi1, TABLE_INDEXES.gsi2])),
  ];
}
