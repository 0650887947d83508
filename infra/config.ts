import { readSettings } from "@darkroom/aws-clients";
import { maxUploadBytesSchema } from "@darkroom/image-record";
import { z } from "zod";
import { CLOCK_SKEW_MS } from "../lambdas/processor/src/claim.ts";

/**
 * The infrastructure's settings: environment variables over defaults, validated once. A bad
 * value stops the synth with a message naming the variable. The Lambdas' own settings are
 * derived from these (see processing.ts and api.ts), never set twice.
 */
export interface InfraConfig {
  region: string;
  /** Starts every resource name: buckets `<prefix>-uploads`, functions `<prefix>-processor`. */
  namePrefix: string;
  maxUploadBytes: number;
  /** Subscribed to each of the three alert topics. */
  alertEmails: string[];
  logRetentionDays: number;
  /** Browser origins allowed to call the API and to POST uploads to S3. */
  consoleOrigins: string[];
  /** Where `npm start` serves the console (and Vite's dev server listens): DARKROOM_WEB_PORT. */
  webPort: number;
  /** The embedded emulator's port: the `local` target's endpoint. */
  emulatorPort: number;
  /** Where LocalStack answers: the `localstack` target's endpoint. */
  localstackEndpoint: string;
  processor: { memoryMb: number; timeoutSeconds: number };
  /** The emulator has no CloudWatch metrics, SNS or Rekognition yet: off on `local` by default. */
  local: { monitoring: boolean; labels: boolean };
  alarms: AlarmThresholds;
  /** The `aws` target's remote state (created by the bootstrap command). */
  state: { bucket: string; lockTable: string };
}

export interface AlarmThresholds {
  periodSeconds: number;
  errors: number;
  durationPercentOfTimeout: number;
  throttles: number;
  concurrency: number;
  logErrors: number;
  successRatePercent: number;
  timeouts: number;
  memoryErrors: number;
  processingErrors: number;
  s3PermissionErrors: number;
  criticalErrors: number;
  largeImages: number;
}

/** CloudWatch Logs accepts only these retention periods. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/**
 * Lambda retries a failed asynchronous event after about a minute; the processor takes over an
 * abandoned claim only once it is older than the timeout plus CLOCK_SKEW_MS. A longer timeout
 * would have the first retry find the claim still fresh and stop (see lambdas/processor/README).
 */
const FIRST_RETRY_AFTER_MS = 60_000;
export const MAX_PROCESSOR_TIMEOUT_SECONDS = Math.floor((FIRST_RETRY_AFTER_MS - CLOCK_SKEW_MS) / 1000) - 1;

/** A true/false setting (1/0 too), for every DARKROOM_* switch. */
export const flag = z
  .enum(["true", "false", "1", "0"], { error: "must be true or false" })
  .transform((value) => value === "true" || value === "1");
const whole = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const list = z.string().transform((value) =>
  value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== ""),
);
/** An origin exactly as browsers send it: scheme, host and port, no path. */
const origin = z.string().refine(
  (value) => {
    try {
      return new URL(value).origin === value;
    } catch {
      return false;
    }
  },
  { error: (issue) => `"${String(issue.input)}" is not an origin like https://app.example.com` },
);
const endpoint = z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, ""));

const envSchema = z.object({
  DARKROOM_REGION: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region like eu-west-1")
    .default("us-east-1"),
  DARKROOM_NAME_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,30}[a-z0-9]$/, "must be 3-32 of a-z, 0-9 and '-' (it starts bucket names)")
    .default("darkroom"),
  DARKROOM_MAX_UPLOAD_BYTES: maxUploadBytesSchema,
  DARKROOM_ALERT_EMAILS: list.pipe(z.array(z.email())).default([]),
  DARKROOM_LOG_RETENTION_DAYS: z.coerce
    .number()
    .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
      error: `must be one of CloudWatch's retention periods: ${LOG_RETENTION_DAYS.join(", ")}`,
    })
    .default(14),
  DARKROOM_WEB_PORT: whole(1, 65535).default(5173),
  DARKROOM_CONSOLE_ORIGINS: list.pipe(z.array(origin).min(1)).optional(),
  DARKROOM_PORT: whole(1, 65535).default(4566),
  DARKROOM_LOCALSTACK_ENDPOINT: endpoint.default("http://127.0.0.1:4566"),
  DARKROOM_PROCESSOR_MEMORY_MB: whole(128, 10240).default(3008),
  DARKROOM_PROCESSOR_TIMEOUT_SECONDS: whole(10, MAX_PROCESSOR_TIMEOUT_SECONDS).default(45),
  DARKROOM_LOCAL_MONITORING: flag.default(true),
  DARKROOM_LOCAL_LABELS: flag.default(true),
  DARKROOM_ALARM_PERIOD_SECONDS: z.coerce
    .number()
    .refine((s) => s === 10 || s === 30 || (s >= 60 && s % 60 === 0), "must be 10, 30 or a multiple of 60")
    .default(300),
  DARKROOM_ALARM_ERRORS: whole(1, 1_000_000).default(5),
  DARKROOM_ALARM_DURATION_PERCENT: whole(1, 100).default(75),
  DARKROOM_ALARM_THROTTLES: whole(1, 1_000_000).default(1),
  DARKROOM_ALARM_CONCURRENCY: whole(1, 100_000).default(50),
  DARKROOM_ALARM_LOG_ERRORS: whole(1, 1_000_000).default(10),
  DARKROOM_ALARM_SUCCESS_RATE_PERCENT: whole(1, 100).default(90),
  DARKROOM_ALARM_TIMEOUTS: whole(1, 1_000_000).default(1),
  DARKROOM_ALARM_MEMORY_ERRORS: whole(1, 1_000_000).default(1),
  DARKROOM_ALARM_PROCESSING_ERRORS: whole(1, 1_000_000).default(5),
  DARKROOM_ALARM_S3_PERMISSION_ERRORS: whole(1, 1_000_000).default(1),
  DARKROOM_ALARM_CRITICAL_ERRORS: whole(1, 1_000_000).default(1),
  DARKROOM_ALARM_LARGE_IMAGES: whole(1, 1_000_000).default(20),
  DARKROOM_STATE_BUCKET: z.string().min(3).optional(),
  DARKROOM_STATE_LOCK_TABLE: z.string().min(3).optional(),
});

/** The settings in `env` (process.env by default); empty variables count as unset. */
export function loadInfraConfig(env: Record<string, string | undefined> = process.env): InfraConfig {
  const e = readSettings(envSchema, env, "infrastructure settings");
  const prefix = e.DARKROOM_NAME_PREFIX;
  return {
    region: e.DARKROOM_REGION,
    namePrefix: prefix,
    maxUploadBytes: e.DARKROOM_MAX_UPLOAD_BYTES,
    alertEmails: e.DARKROOM_ALERT_EMAILS,
    logRetentionDays: e.DARKROOM_LOG_RETENTION_DAYS,
    consoleOrigins: e.DARKROOM_CONSOLE_ORIGINS ?? [
      `http://localhost:${e.DARKROOM_WEB_PORT}`,
      `http://127.0.0.1:${e.DARKROOM_WEB_PORT}`,
    ],
    webPort: e.DARKROOM_WEB_PORT,
    emulatorPort: e.DARKROOM_PORT,
    localstackEndpoint: e.DARKROOM_LOCALSTACK_ENDPOINT,
    processor: {
      memoryMb: e.DARKROOM_PROCESSOR_MEMORY_MB,
      timeoutSeconds: e.DARKROOM_PROCESSOR_TIMEOUT_SECONDS,
    },
    local: { monitoring: e.DARKROOM_LOCAL_MONITORING, labels: e.DARKROOM_LOCAL_LABELS },
    alarms: {
      periodSeconds: e.DARKROOM_ALARM_PERIOD_SECONDS,
      errors: e.DARKROOM_ALARM_ERRORS,
      durationPercentOfTimeout: e.DARKROOM_ALARM_DURATION_PERCENT,
      throttles: e.DARKROOM_ALARM_THROTTLES,
      concurrency: e.DARKROOM_ALARM_CONCURRENCY,
      logErrors: e.DARKROOM_ALARM_LOG_ERRORS,
      successRatePercent: e.DARKROOM_ALARM_SUCCESS_RATE_PERCENT,
      timeouts: e.DARKROOM_ALARM_TIMEOUTS,
      memoryErrors: e.DARKROOM_ALARM_MEMORY_ERRORS,
      processingErrors: e.DARKROOM_ALARM_PROCESSING_ERRORS,
      s3PermissionErrors: e.DARKROOM_ALARM_S3_PERMISSION_ERRORS,
      criticalErrors: e.DARKROOM_ALARM_CRITICAL_ERRORS,
      largeImages: e.DARKROOM_ALARM_LARGE_IMAGES,
    },
    state: {
      bucket: e.DARKROOM_STATE_BUCKET ?? `${prefix}-terraform-state`,
      lockTable: e.DARKROOM_STATE_LOCK_TABLE ?? `${prefix}-terraform-locks`,
    },
  };
}
