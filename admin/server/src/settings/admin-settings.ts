import { type EndpointSettings, readSettings } from "@darkroom/aws-clients";
import { z } from "zod";
import { type InfraConfig, loadInfraConfig } from "../../../../infra/config.ts";
import { isTarget, TARGETS, type Target, targetSettings } from "../../../../infra/targets.ts";
import { WINDOW_HOURS } from "../costs/cost-window.ts";

/** The backend's own port: free beside the emulator (4566), LocalStack (4510-4559) and Vite (5173). */
export const DEFAULT_ADMIN_PORT = 4080;
/** Shorter tokens are guessable; `npm start` generates 32 random bytes. */
export const MIN_ADMIN_TOKEN_LENGTH = 16;

const settingsSchema = z.object({
  DARKROOM_ADMIN_TOKEN: z
    .string({ error: "must be set: the bearer token every endpoint except health requires" })
    .min(MIN_ADMIN_TOKEN_LENGTH, `must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters`)
    .max(512, "must be at most 512 characters"),
  DARKROOM_API_PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_ADMIN_PORT),
  DARKROOM_API_HOST: z.string().min(1).default("127.0.0.1"),
  DARKROOM_TARGET: z
    .string()
    .refine(isTarget, `must be one of ${TARGETS.join(", ")}`)
    .default("local"),
  /** The deployed stack's `terraform output -json` values as one JSON object (see stack-resources.ts). */
  DARKROOM_STACK_OUTPUTS: z.string().max(16_384).optional(),
  // The scheduled jobs, in milliseconds so tests can run them fast; 0 turns a job off.
  DARKROOM_ALARM_POLL_MS: jobInterval(10_000),
  DARKROOM_ALERT_POLL_MS: jobInterval(5_000),
  DARKROOM_RECONCILE_MS: jobInterval(60_000),
  /** Above MAX_PROCESSOR_TIMEOUT_SECONDS (54 s): a live attempt is never taken for a stuck one. */
  DARKROOM_STUCK_AFTER_MS: z.coerce.number().int().min(60_000).max(86_400_000).default(300_000),
  /**
   * How long past its presigned POST's expiry an UPLOADED record is left alone: the hosts' clocks,
   * and an upload sent at the last second whose S3 notification is still on its way.
   */
  DARKROOM_UPLOAD_GRACE_MS: z.coerce.number().int().min(60_000).max(86_400_000).default(300_000),
  // The live stream (GET /api/events): image status polling while someone listens, and heartbeats.
  DARKROOM_IMAGE_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(1_000),
  DARKROOM_SSE_HEARTBEAT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  // Cost snapshots: how often (ms, 0 = off), how many are kept in memory, and the usage window each measures.
  DARKROOM_COST_SNAPSHOT_MS: jobInterval(3_600_000),
  DARKROOM_COST_SNAPSHOTS: z.coerce.number().int().min(1).max(1000).default(48),
  DARKROOM_COST_WINDOW_HOURS: z.coerce
    .number()
    .int()
    .min(WINDOW_HOURS.min)
    .max(WINDOW_HOURS.max)
    .default(WINDOW_HOURS.default),
});

/** A job's period: off (0), or between 100 ms and a day. */
function jobInterval(defaultMs: number) {
  return z.coerce
    .number()
    .int()
    .refine((ms) => ms === 0 || (ms >= 100 && ms <= 86_400_000), "must be 0 (off) or 100 to 86400000 ms")
    .default(defaultMs);
}

/** Everything the backend reads from its environment, checked once at start. */
export interface AdminSettings {
  token: string;
  port: number;
  host: string;
  target: Target;
  /** Where AWS answers for this target, as the shared client factory takes it. */
  endpoint: EndpointSettings;
  /** The only origins CORS lets in: the console's (DARKROOM_CONSOLE_ORIGINS, as the buckets' CORS). */
  consoleOrigins: string[];
  /** Set on a local target when the shell has no keys: emulators accept any. */
  localCredentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  infra: InfraConfig;
  stackOutputsJson: string | undefined;
  /**
   * The scheduled jobs' periods (ms, 0 = off), the age at which PROCESSING counts as stuck, and
   * how long after its presigned POST expired an UPLOADED record is settled.
   */
  jobs: {
    alarmPollMs: number;
    alertPollMs: number;
    reconcileMs: number;
    stuckAfterMs: number;
    uploadGraceMs: number;
  };
  /** GET /api/events: how often image statuses are polled while someone listens, and heartbeats. */
  live: { imagePollMs: number; heartbeatMs: number };
  /** The cost snapshot job: its period (ms, 0 = off), snapshots kept, and the hours each one measures. */
  costs: { snapshotMs: number; snapshotsKept: number; windowHours: number };
}

export function loadAdminSettings(env: Record<string, string | undefined> = process.env): AdminSettings {
  const own = readSettings(settingsSchema, env, "admin backend settings");
  const infra = loadInfraConfig(env);
  const target = own.DARKROOM_TARGET as Target;
  const endpoint = targetSettings(target, infra).endpoint;
  return {
    token: own.DARKROOM_ADMIN_TOKEN,
    port: own.DARKROOM_API_PORT,
    host: own.DARKROOM_API_HOST,
    target,
    endpoint: { region: infra.region, endpoint, s3PathStyle: endpoint !== undefined },
    consoleOrigins: infra.consoleOrigins,
    localCredentials:
      endpoint !== undefined && !env.AWS_ACCESS_KEY_ID
        ? { accessKeyId: "test", secretAccessKey: "test" }
        : undefined,
    infra,
    stackOutputsJson: own.DARKROOM_STACK_OUTPUTS,
    jobs: {
      alarmPollMs: own.DARKROOM_ALARM_POLL_MS,
      alertPollMs: own.DARKROOM_ALERT_POLL_MS,
      reconcileMs: own.DARKROOM_RECONCILE_MS,
      stuckAfterMs: own.DARKROOM_STUCK_AFTER_MS,
      uploadGraceMs: own.DARKROOM_UPLOAD_GRACE_MS,
    },
    live: { imagePollMs: own.DARKROOM_IMAGE_POLL_MS, heartbeatMs: own.DARKROOM_SSE_HEARTBEAT_MS },
    costs: {
      snapshotMs: own.DARKROOM_COST_SNAPSHOT_MS,
      snapshotsKept: own.DARKROOM_COST_SNAPSHOTS,
      windowHours: own.DARKROOM_COST_WINDOW_HOURS,
    },
  };
}
