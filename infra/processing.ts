import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity/index.js";
import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config/index.js";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission/index.js";
import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification/index.js";
import { MAX_ATTEMPTS, UPLOAD_PREFIX, VARIANT_PREFIX } from "@darkroom/image-record";
import { Construct } from "constructs";
import type { envSchema } from "../lambdas/processor/src/config.ts";
import { allow, objectsUnder, type PolicyStatement } from "./iam-policy.ts";
import type { LambdaBundle } from "./lambda-bundles.ts";
import type { Metadata } from "./metadata.ts";
import { NodeFunction } from "./node-function.ts";
import type { Storage } from "./storage.ts";

/** The variables lambdas/processor/src/config.ts reads, and no others. */
type ProcessorEnvironment = { [Name in keyof typeof envSchema.shape]?: string };

export interface ProcessingProps {
  functionName: string;
  bundle: LambdaBundle;
  stackDir: string;
  memoryMb: number;
  timeoutSeconds: number;
  maxUploadBytes: number;
  /** Rekognition labels; off where the target has no Rekognition. */
  labels: boolean;
  /** Per-second EMF metrics, for alarms on 10 or 30 s periods. */
  highResolutionMetrics: boolean;
  logRetentionDays: number;
  storage: Storage;
  metadata: Metadata;
}

/**
 * The image processor: S3 ObjectCreated under uploads/ of the uploads bucket → the processor,
 * which writes variants to the media bucket and the record to the table.
 */
export class Processing extends Construct {
  readonly processor: NodeFunction;
  readonly timeoutSeconds: number;

  constructor(scope: Construct, id: string, props: ProcessingProps) {
    super(scope, id);
    const { storage, metadata } = props;
    this.timeoutSeconds = props.timeoutSeconds;
    const environment = {
      UPLOADS_BUCKET: storage.uploads.bucket,
      MEDIA_BUCKET: storage.media.bucket,
      IMAGES_TABLE: metadata.table.name,
      MAX_UPLOAD_BYTES: String(props.maxUploadBytes),
      LABELS_ENABLED: String(props.labels),
      METRICS_HIGH_RESOLUTION: String(props.highResolutionMetrics),
      // One service name per stack, so two stacks in an account keep their metrics apart.
      POWERTOOLS_SERVICE_NAME: props.functionName,
    } satisfies ProcessorEnvironment;
    this.processor = new NodeFunction(this, "processor", {
      functionName: props.functionName,
      bundle: props.bundle,
      stackDir: props.stackDir,
      memoryMb: props.memoryMb,
      timeoutSeconds: props.timeoutSeconds,
      environment,
      statements: processorStatements(props),
      logRetentionDays: props.logRetentionDays,
    });
    const processor = this.processor.function;

    // A failed event is delivered again at most MAX_ATTEMPTS times: the delivery after the last
    // attempt that died records FAILED, so no image stays PROCESSING (lambdas/processor/src/claim.ts).
    new LambdaFunctionEventInvokeConfig(this, "async", {
      functionName: processor.functionName,
      maximumRetryAttempts: MAX_ATTEMPTS,
      maximumEventAgeInSeconds: 3600,
    });

    // S3 may invoke the processor for this bucket of this account only (bucket names are global).
    const account = new DataAwsCallerIdentity(this, "account");
    const permission = new LambdaPermission(this, "s3-invoke", {
      statementId: "s3-uploads",
      action: "lambda:InvokeFunction",
      functionName: processor.functionName,
      principal: "s3.amazonaws.com",
      sourceArn: storage.uploads.arn,
      sourceAccount: account.accountId,
    });
    // S3 checks that it may invoke the function when the notification is set: permission first.
    new S3BucketNotification(this, "uploads-notification", {
      bucket: storage.uploads.id,
      lambdaFunction: [
        {
          id: "process-uploads",
          lambdaFunctionArn: processor.arn,
          events: ["s3:ObjectCreated:*"],
          filterPrefix: UPLOAD_PREFIX,
        },
      ],
      dependsOn: [permission],
    });
  }
}

/** Exactly what the processor calls (lambdas/processor/README.md, "Configuration"). */
function processorStatements(props: ProcessingProps): PolicyStatement[] {
  const { storage, metadata } = props;
  const variants = objectsUnder(storage.media.arn, VARIANT_PREFIX);
  const statements = [
    allow("ReadUploads", ["s3:GetObject"], [objectsUnder(storage.uploads.arn, UPLOAD_PREFIX)]),
    allow("WriteVariants", ["s3:PutObject"], [variants]),
    // A TransactWriteItems is authorised by the Put, Update and Delete actions inside it
    // (UpdateItem: the label counts, image-record's writeImageWithLabels).
    allow(
      "ImageRecords",
      [
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "dynamodb:Query",
      ],
      [metadata.table.arn],
    ),
  ];
  if (!props.labels) return statements;
  return [
    ...statements,
    // Rekognition reads a variant over 5 MB from S3 with the caller's rights.
    allow("ReadVariantsForLabels", ["s3:GetObject"], [variants]),
    // DetectLabels has no resource ARN: IAM accepts only "*" for it.
    allow("DetectLabels", ["rekognition:DetectLabels"], ["*"]),
  ];
}
