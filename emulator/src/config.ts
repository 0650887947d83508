import { resolve } from "node:path";
import { z } from "zod";

/** A key pair the gateway accepts; the account defaults to 000000000000 as on LocalStack. */
export interface StaticCredential {
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
}

export const DEFAULT_ACCOUNT_ID = "000000000000";
export const DEFAULT_REGION = "us-east-1";

export interface EmulatorConfig {
  host: string;
  port: number;
  persist: boolean;
  stateDir: string;
  auth: "strict" | "lenient";
  credentials: StaticCredential[];
  /** One line per request on stdout. */
  logRequests: boolean;
  /**
   * A failed Event invocation is retried after this long, then twice as long. AWS waits
   * one and two minutes; locally a second keeps the feedback loop short.
   */
  lambdaRetryBaseMs: number;
  /** Rekognition: local models ("model"), forwarded to AWS ("aws"), or an error for every call ("off"). */
  rekognition: RekognitionMode;
  /** Where aws mode sends Rekognition calls instead of AWS's regional endpoint (a proxy, a stand-in). */
  rekognitionAwsEndpoint?: string;
  /** CloudWatch evaluates every alarm this often (seconds); AWS evaluates once a minute. */
  alarmIntervalSeconds: number;
}

const credentialList = z.string().transform((raw, ctx) => {
  const out: StaticCredential[] = [];
  for (const entry of raw.split(",").map((s) => s.trim())) {
    if (entry === "") continue;
    const [accessKeyId, secretAccessKey, accountId = DEFAULT_ACCOUNT_ID, ...rest] = entry.split(":");
    if (!accessKeyId || !secretAccessKey || rest.length > 0 || !/^\d{12}$/.test(accountId)) {
      ctx.addIssue({
        code: "custom",
        message: `expected "accessKey:secretKey[:12-digit-account]" entries separated by commas, got "${entry}"`,
      });
      return z.NEVER;
    }
    out.push({ accessKeyId, secretAccessKey, accountId });
  }
  return out;
});

export const REKOGNITION_MODES = ["model", "aws", "off"] as const;
export type RekognitionMode = (typeof REKOGNITION_MODES)[number];

const flag = z.enum(["0", "1", "true", "false"]);
const isOn = (v: z.infer<typeof flag>) => v === "1" || v === "true";

const envSchema = z.object({
  DARKROOM_HOST: z.string().min(1).default("127.0.0.1"),
  DARKROOM_PORT: z.coerce.number().int().min(0).max(65535).default(4566),
  DARKROOM_STATE_DIR: z.string().min(1).default(".darkroom/state"),
  DARKROOM_PERSIST: flag.default("1"),
  DARKROOM_AUTH: z.enum(["strict", "lenient"]).default("strict"),
  DARKROOM_CREDENTIALS: credentialList.default([]),
  DARKROOM_LOG_REQUESTS: flag.default("1"),
  DARKROOM_LAMBDA_RETRY_BASE_MS: z.coerce.number().int().min(0).max(3_600_000).default(1000),
  DARKROOM_REKOGNITION: z
    .enum(REKOGNITION_MODES, { error: `expected one of ${REKOGNITION_MODES.join(", ")}` })
    .default("model"),
  DARKROOM_REKOGNITION_AWS_ENDPOINT: z.url({ error: "expected an http(s) URL" }).optional(),
  DARKROOM_ALARM_INTERVAL: z
    .string()
    .regex(/^\d+$/, "expected whole seconds from 1 to 86400")
    .transform(Number)
    .pipe(
      z
        .number()
        .min(1, "expected whole seconds from 1 to 86400")
        .max(86_400, "expected whole seconds from 1 to 86400"),
    )
    .default(60),
});

const TEST_CREDENTIAL: StaticCredential = {
  accessKeyId: "test",
  secretAccessKey: "test",
  accountId: DEFAULT_ACCOUNT_ID,
};

/** Reads DARKROOM_* settings; a bad value fails with a message naming the variable. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): EmulatorConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid emulator settings: ${problems}`);
  }
  const e = parsed.data;
  return {
    host: e.DARKROOM_HOST,
    port: e.DARKROOM_PORT,
    stateDir: e.DARKROOM_STATE_DIR,
    persist: isOn(e.DARKROOM_PERSIST),
    auth: e.DARKROOM_AUTH,
    credentials: withTestCredential(e.DARKROOM_CREDENTIALS),
    logRequests: isOn(e.DARKROOM_LOG_REQUESTS),
    lambdaRetryBaseMs: e.DARKROOM_LAMBDA_RETRY_BASE_MS,
    rekognition: e.DARKROOM_REKOGNITION,
    ...(e.DARKROOM_REKOGNITION_AWS_ENDPOINT
      ? { rekognitionAwsEndpoint: e.DARKROOM_REKOGNITION_AWS_ENDPOINT }
      : {}),
    alarmIntervalSeconds: e.DARKROOM_ALARM_INTERVAL,
  };
}

export function withTestCredential(list: StaticCredential[]): StaticCredential[] {
  return list.some((c) => c.accessKeyId === "test") ? list : [TEST_CREDENTIAL, ...list];
}

/**
 * The state folder as `npm run emulator` uses it: a relative DARKROOM_STATE_DIR is taken from
 * where the user ran npm (INIT_CWD), not from the workspace folder npm runs the script in.
 */
export function resolveStateDir(stateDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.INIT_CWD ?? process.cwd(), stateDir);
}
