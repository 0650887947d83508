import { randomUUID } from "node:crypto";
import type { BucketConfigValue, BucketRecord } from "../../model.ts";
import type { S3State } from "../../state.ts";

/**
 * Sub-resources live in `bucket.config` by name (the query field that addresses them).
 * Where AWS gives new buckets a default (ownership controls, public access block),
 * deleting stores an empty body, so that "deleted" stays distinct from "never set".
 */
const REMOVED: BucketConfigValue = { body: "" };

export type ConfigEntry = { kind: "unset" } | { kind: "removed" } | { kind: "set"; value: BucketConfigValue };

export function configEntry(bucket: BucketRecord, name: string): ConfigEntry {
  const value = bucket.config[name];
  if (value === undefined) return { kind: "unset" };
  if (value.body === "") return { kind: "removed" };
  return { kind: "set", value };
}

/** The stored document, or undefined when never set or deleted. */
export function storedBody(bucket: BucketRecord, name: string): string | undefined {
  const entry = configEntry(bucket, name);
  return entry.kind === "set" ? entry.value.body : undefined;
}

/** Replaces one sub-resource (rows are replaced, never mutated). */
export function putConfig(
  state: S3State,
  bucket: BucketRecord,
  name: string,
  value: BucketConfigValue,
): void {
  state.buckets.set(bucket.name, { ...bucket, config: { ...bucket.config, [name]: value } });
}

/** Removes a sub-resource; with `keepRemoved`, remembers that it was deleted (see REMOVED). */
export function deleteConfig(state: S3State, bucket: BucketRecord, name: string, keepRemoved = false): void {
  const config = { ...bucket.config };
  if (keepRemoved) config[name] = REMOVED;
  else delete config[name];
  state.buckets.set(bucket.name, { ...bucket, config });
}

/** The name S3 gives a rule or configuration put without one (base64 of a UUID, as S3's look). */
export function generatedId(): string {
  return Buffer.from(randomUUID()).toString("base64");
}
