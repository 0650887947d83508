import type { Target } from "../targets.ts";
import { DeployError } from "./deploy-error.ts";

const HOW_TO_START: Record<Exclude<Target, "aws">, string> = {
  local:
    "start the emulator first (`npm run emulator`, or `npm start`, which also deploys), or set DARKROOM_PORT to where it runs",
  localstack:
    "start LocalStack first (`docker compose up -d`, see localstack/README.md), or set DARKROOM_LOCALSTACK_ENDPOINT to where it runs",
};

/**
 * Fails fast, with what to do, when nothing answers at a local target's endpoint; otherwise
 * Terraform would retry each call for minutes before saying "connection refused".
 */
export async function assertEndpointAnswers(target: Exclude<Target, "aws">, endpoint: string): Promise<void> {
  try {
    // Both the emulator and LocalStack answer this path.
    const response = await fetch(`${endpoint}/_localstack/health`, { signal: AbortSignal.timeout(3000) });
    await response.body?.cancel();
  } catch (error) {
    const reason =
      error instanceof Error
        ? error.cause instanceof Error
          ? error.cause.message
          : error.message
        : String(error);
    throw new DeployError(`nothing answers at ${endpoint} (${reason}): ${HOW_TO_START[target]}`);
  }
}
