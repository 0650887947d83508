import { z } from "zod";

/**
 * The Lambda architecture a zip is built for. Local targets (the emulator, LocalStack) run on
 * this machine's x86_64; AWS functions run on arm64 (Graviton), which is cheaper per GB-second.
 */
export const LAMBDA_ARCHITECTURES = {
  x86_64: { npmCpu: "x64" },
  arm64: { npmCpu: "arm64" },
} as const;
export type LambdaArchitecture = keyof typeof LAMBDA_ARCHITECTURES;

export const DEFAULT_ARCHITECTURE: LambdaArchitecture = "x86_64";

/** Lambda's names, and Node's `x64` for x86_64. */
const archSchema = z
  .enum(["x86_64", "x64", "arm64", "aarch64"], {
    error: "the architecture must be x64 (x86_64) or arm64",
  })
  .transform((value): LambdaArchitecture => (value === "x64" || value === "x86_64" ? "x86_64" : "arm64"));

/** `--arch` wins over DARKROOM_LAMBDA_ARCH; neither gives the local default. */
export function targetArchitecture(
  flag: string | undefined,
  env: Record<string, string | undefined> = process.env,
): LambdaArchitecture {
  const value = flag ?? (env.DARKROOM_LAMBDA_ARCH || undefined);
  if (value === undefined) return DEFAULT_ARCHITECTURE;
  const parsed = archSchema.safeParse(value);
  if (!parsed.success)
    throw new Error(`invalid Lambda architecture "${value}": ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
