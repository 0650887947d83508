import { readSettings } from "@darkroom/aws-clients";
import { maxUploadBytesSchema } from "@darkroom/image-record";
import { z } from "zod";

/**
 * The processor's settings, read from the environment once at cold start. A bad value stops the
 * function before it touches an image, naming the variable.
 */
export interface ProcessorConfig {
  /** Where browsers upload originals; the only bucket whose events are handled. */
  uploadsBucket: string;
  /** Where variants go; never the uploads bucket, so outputs cannot trigger the processor. */
  mediaBucket: string;
  imagesTable: string;
  /** Originals above this are refused (TOO_LARGE) without being downloaded. */
  maxUploadBytes: number;
  /** Off: no Rekognition call, `labels: []` and no `labelsError`. */
  labelsEnabled: boolean;
  serviceName: string;
  metricsNamespace: string;
  /** The function's memory (Lambda sets it), for the high-memory warning; undefined elsewhere. */
  memoryLimitMb: number | undefined;
  /** Per-second metrics, set by the infrastructure when its alarms use periods under a minute. */
  highResolutionMetrics: boolean;
}

// S3's bucket naming rules, enough to catch a typo or an ARN pasted in place of a name.
const bucketName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a bucket name (3–63 of a-z, 0-9, '.', '-')");
const tableName = z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, "must be a DynamoDB table name");
const flag = z
  .enum(["true", "false", "1", "0"], { error: "must be true or false" })
  .transform((value) => value === "true" || value === "1");

/** Defaults the infrastructure relies on too: its alarms read the metrics in this namespace. */
export const PROCESSOR_DEFAULTS = {
  serviceName: "darkroom-processor",
  metricsNamespace: "Darkroom",
} as const;

/** The variables the function reads; exported so the infrastructure sets exactly these names. */
export const envSchema = z
  .object({
    UPLOADS_BUCKET: bucketName,
    MEDIA_BUCKET: bucketName,
    IMAGES_TABLE: tableName,
    MAX_UPLOAD_BYTES: maxUploadBytesSchema,
    LABELS_ENABLED: flag.default(true),
    POWERTOOLS_SERVICE_NAME: z.string().min(1).default(PROCESSOR_DEFAULTS.serviceName),
    POWERTOOLS_METRICS_NAMESPACE: z.string().min(1).default(PROCESSOR_DEFAULTS.metricsNamespace),
    METRICS_HIGH_RESOLUTION: flag.default(false),
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: z.coerce.number().int().positive().optional(),
  })
  .refine((env) => env.UPLOADS_BUCKET !== env.MEDIA_BUCKET, {
    path: ["MEDIA_BUCKET"],
    message: "must differ from UPLOADS_BUCKET: variants written there would trigger the processor again",
  });

/** The config in `env` (process.env by default); empty variables count as unset. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ProcessorConfig {
  const e = readSettings(envSchema, env, "processor configuration");
  return {
    uploadsBucket: e.UPLOADS_BUCKET,
    mediaBucket: e.MEDIA_BUCKET,
    imagesTable: e.IMAGES_TABLE,
    maxUploadBytes: e.MAX_UPLOAD_BYTES,
    labelsEnabled: e.LABELS_ENABLED,
    serviceName: e.POWERTOOLS_SERVICE_NAME,
    metricsNamespace: e.POWERTOOLS_METRICS_NAMESPACE,
    memoryLimitMb: e.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    highResolutionMetrics: e.METRICS_HIGH_RESOLUTION,
  };
}
