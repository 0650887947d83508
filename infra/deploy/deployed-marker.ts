import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { type StackOutputs, stackOutputsSchema } from "./stack-outputs.ts";

/**
 * What the last successful apply deployed: the synthesized JSON's hash (it holds the zips'
 * hashes, so code changes count) and the outputs. `npm start` skips Terraform when the
 * configuration is unchanged and the resources still answer.
 */
const markerSchema = z.object({
  fingerprint: z.string(),
  appliedAt: z.string(),
  outputs: stackOutputsSchema,
});
export type DeployedMarker = z.infer<typeof markerSchema>;

export function configurationFingerprint(stackDir: string): string {
  return createHash("sha256")
    .update(readFileSync(join(stackDir, "cdk.tf.json")))
    .digest("hex");
}

function markerPath(stateDir: string, stack: string): string {
  return join(stateDir, `${stack}.deployed.json`);
}

/** The marker, or undefined when there is none or it cannot be read (then Terraform decides). */
export function readDeployedMarker(stateDir: string, stack: string): DeployedMarker | undefined {
  const path = markerPath(stateDir, stack);
  if (!existsSync(path)) return undefined;
  try {
    const parsed = markerSchema.safeParse(JSON.parse(readFileSync(path, "utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function writeDeployedMarker(
  stateDir: string,
  stack: string,
  fingerprint: string,
  outputs: StackOutputs,
): void {
  const path = markerPath(stateDir, stack);
  const marker: DeployedMarker = { fingerprint, appliedAt: new Date().toISOString(), outputs };
  // Written whole or not at all: a torn marker would only force a plan, but stays tidy.
  writeFileSync(`${path}.tmp`, `${JSON.stringify(marker, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

export function removeDeployedMarker(stateDir: string, stack: string): void {
  rmSync(markerPath(stateDir, stack), { force: true });
}
