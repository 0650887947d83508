import { randomBytes } from "node:crypto";
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { clientConfig } from "./client-config.ts";
import { type RunSample, runConcurrently } from "./runner.ts";
import { type PhaseStats, summarize } from "./stats.ts";

export const OBJECT_BYTES = 100 * 1024;
/** Keys are reused so memory and disk stay bounded; overwrites free the old bytes, as users' do. */
export const KEYSPACE = 256;
const BODIES = Array.from({ length: 8 }, () => randomBytes(OBJECT_BYTES));

/** "default": the SDK's own checksum behaviour; "when-required": no CRC32 unless an operation demands one. */
export type ChecksumMode = "default" | "when-required";

/** The one client configuration every target is measured with (path style, test:test). */
export function makeClient(endpoint: string, checksums: ChecksumMode): S3Client {
  return new S3Client({
    ...clientConfig(endpoint),
    forcePathStyle: true,
    ...(checksums === "when-required"
      ? { requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" }
      : {}),
  });
}

export async function createBucket(client: S3Client, bucket: string): Promise<void> {
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
}

export type Op = "put" | "get";

async function once(client: S3Client, bucket: string, op: Op, i: number): Promise<void> {
  const Key = `obj-${i % KEYSPACE}`;
  if (op === "put") {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: BODIES[i % BODIES.length]! }));
    return;
  }
  const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key }));
  const bytes = await res.Body!.transformToByteArray();
  if (bytes.length !== OBJECT_BYTES) throw new Error(`GetObject ${Key} returned ${bytes.length} bytes`);
}

/**
 * Runs S3 operations `from` .. `from + count - 1` with `concurrency` in flight, stopping early
 * after `deadlineMs` (the sample then covers only what completed). Latency is client side.
 */
export function runOps(
  client: S3Client,
  bucket: string,
  op: Op,
  from: number,
  count: number,
  concurrency: number,
  deadlineMs: number,
): Promise<RunSample> {
  return runConcurrently(from, count, concurrency, deadlineMs, (i) => once(client, bucket, op, i));
}

/** One run summarised (for the profiling scripts). */
export async function runPhase(
  client: S3Client,
  bucket: string,
  op: Op,
  count: number,
  concurrency: number,
  deadlineMs: number,
): Promise<PhaseStats & { truncated: boolean }> {
  const run = await runOps(client, bucket, op, 0, count, concurrency, deadlineMs);
  return { ...summarize(run.latencies, run.wallMs), truncated: run.truncated };
}
