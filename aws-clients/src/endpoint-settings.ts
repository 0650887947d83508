import { z } from "zod";
import { readSettings } from "./read-settings.ts";

/**
 * Where AWS is for this process. On AWS nothing is set but the region; on the emulator and
 * on LocalStack the Lambda runtime (or the developer's shell) sets AWS_ENDPOINT_URL, which
 * the SDK also reads on its own. Only this file reads these variables.
 */
export interface EndpointSettings {
  region: string;
  /** undefined on AWS: the SDK resolves the real endpoints. */
  endpoint: string | undefined;
  /** Path-style S3 URLs (http://host:4566/bucket/key): emulators serve no bucket subdomains by DNS. */
  s3PathStyle: boolean;
}

const flag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

const settingsSchema = z.object({
  AWS_REGION: z.string().min(1).optional(),
  AWS_DEFAULT_REGION: z.string().min(1).optional(),
  AWS_ENDPOINT_URL: z
    .url({
      protocol: /^https?$/,
      error: "AWS_ENDPOINT_URL must be an http(s) URL, e.g. http://127.0.0.1:4566",
    })
    .optional(),
  DARKROOM_S3_PATH_STYLE: flag.optional(),
});

/** Reads the settings from an environment (process.env by default); a bad value throws, naming it. */
export function endpointSettings(env: Record<string, string | undefined> = process.env): EndpointSettings {
  const s = readSettings(settingsSchema, env, "AWS endpoint settings");
  const region = s.AWS_REGION ?? s.AWS_DEFAULT_REGION;
  if (!region)
    throw new Error(
      "AWS_REGION is not set (the Lambda runtime sets it; elsewhere export AWS_REGION=us-east-1)",
    );
  const endpoint = s.AWS_ENDPOINT_URL?.replace(/\/+$/, "");
  return { region, endpoint, s3PathStyle: s.DARKROOM_S3_PATH_STYLE ?? endpoint !== undefined };
}
