import { LambdaClient, type LambdaClientConfig } from "@aws-sdk/client-lambda";
import { strToU8, zipSync } from "fflate";
import { clientConfig, emulatorUrl } from "./clients.ts";

export function lambdaClient(endpoint = emulatorUrl(), options: LambdaClientConfig = {}): LambdaClient {
  return new LambdaClient({ ...clientConfig(endpoint), ...options });
}

/** A deployment package holding these files (name → source text). */
export function zipOf(files: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])));
}

/** A role ARN in the default account; Lambda only checks its shape. */
export const TEST_ROLE = "arn:aws:iam::000000000000:role/lambda-test-role";

/** Resolves once `check` stops throwing, or rejects with its last error after `ms`. */
export async function eventually<T>(check: () => Promise<T>, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
