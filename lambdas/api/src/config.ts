import { readSettings } from "@darkroom/aws-clients";
import { maxUploadBytesSchema } from "@darkroom/image-record";
import { z } from "zod";

/**
 * The API's settings, read from the environment once per cold start. A bad value fails the
 * function's init, naming the variable, rather than every request later.
 */
export interface ApiConfig {
  uploadsBucket: string;
  mediaBucket: string;
  imagesTable: string;
  maxUploadBytes: number;
  /** Origins allowed to call the API from a browser; ["*"] for any, [] for no CORS headers. */
  corsAllowedOrigins: string[];
  /** Where browsers reach S3, when it differs from the endpoint this function uses. */
  publicS3Endpoint: string | undefined;
  serviceName: string;
  metricsNamespace: string;
}

// S3's rules for new bucket names, loosely: 3–63 lower-case letters, digits, dots and hyphens.
const bucketName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be an S3 bucket name (3-63 of a-z 0-9 . -)");
const tableName = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{3,255}$/, "must be a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)");

/** "https://app.example.com" or "http://localhost:5173": scheme, host and port, nothing else. */
const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;
const corsOrigins = z
  .string()
  .transform((list) =>
    list
      .split(",")
      .map((origin) => origin.trim())
      .filter((origin) => origin !== ""),
  )
  .pipe(
    z.array(
      z
        .string()
        .refine((origin) => origin === "*" || ORIGIN.test(origin), {
          error: (issue) => `"${String(issue.input)}" is not an origin like https://app.example.com or *`,
        })
        .transform((origin) => origin.toLowerCase()),
    ),
  );

/** The variables the function reads; exported so the infrastructure sets exactly these names. */
export const envSchema = z.object({
  UPLOADS_BUCKET: bucketName,
  MEDIA_BUCKET: bucketName,
  IMAGES_TABLE: tableName,
  MAX_UPLOAD_BYTES: maxUploadBytesSchema,
  CORS_ALLOWED_ORIGINS: corsOrigins.default([]),
  PUBLIC_S3_ENDPOINT: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. http://localhost:4566" })
    .transform((url) => url.replace(/\/+$/, ""))
    .optional(),
  POWERTOOLS_SERVICE_NAME: z.string().min(1).default("darkroom-api"),
  POWERTOOLS_METRICS_NAMESPACE: z.string().min(1).default("Darkroom"),
});

/** The configuration from `env`; throws one error naming every bad or missing variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ApiConfig {
  const e = readSettings(envSchema, env, "API configuration");
  return {
    uploadsBucket: e.UPLOADS_BUCKET,
    mediaBucket: e.MEDIA_BUCKET,
    imagesTable: e.IMAGES_TABLE,
    maxUploadBytes: e.MAX_UPLOAD_BYTES,
    corsAllowedOrigins: e.CORS_ALLOWED_ORIGINS,
    publicS3Endpoint: e.PUBLIC_S3_ENDPOINT,
    serviceName: e.POWERTOOLS_SERVICE_NAME,
    metricsNamespace: e.POWERTOOLS_METRICS_NAMESPACE,
  };
}
