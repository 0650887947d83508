import { randomBytes } from "node:crypto";
import { Agent } from "node:http";
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { s3Client, uniqueName } from "./support/clients.ts";
import { eachLimited } from "./support/concurrency.ts";
import { type EmulatorProcess, spawnEmulator } from "./support/emulator-process.ts";
import { boundedPages } from "./support/pages.ts";
import { objectBytes } from "./support/s3-body.ts";
import { tempDir } from "./support/temp-dir.ts";

/**
 * The acceptance test for persistence: the emulator is killed with kill -9 while
 * writing 200 objects concurrently, then restarted. Every object whose PUT returned
 * 200 is there, byte for byte; the others are either absent or whole.
 */

const CONCURRENT = 200;

function client(endpoint: string): S3Client {
  return s3Client(endpoint, {
    // A request cut by the kill must fail, not be retried against the next process.
    maxAttempts: 1,
    // All 200 requests on the wire at once.
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: CONCURRENT + 10 }) },
  });
}

function hashKey(key: string): number {
  let h = 0;
  for (const c of key) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h;
}

/** Sizes from 1 KiB to 2 MiB, spread evenly on a log scale. */
function randomBody(i: number): Buffer {
  const size = Math.round(1024 * 2048 ** ((i * 0.618) % 1));
  return randomBytes(size);
}

async function start(stateDir: string): Promise<EmulatorProcess> {
  return spawnEmulator({ DARKROOM_STATE_DIR: stateDir, DARKROOM_PERSIST: "1" });
}

type Op = { kind: "put"; key: string; body: Buffer } | { kind: "delete"; key: string };

/** Sends all ops at once and SIGKILLs the emulator as soon as `killAfter` of them have succeeded. */
async function crashDuring(
  emulator: EmulatorProcess,
  s3: S3Client,
  bucket: string,
  ops: Op[],
  killAfter: number,
): Promise<Set<string>> {
  const acknowledged = new Set<string>();
  await Promise.allSettled(
    ops.map(async (op) => {
      const out =
        op.kind === "put"
          ? await s3.send(new PutObjectCommand({ Bucket: bucket, Key: op.key, Body: op.body }))
          : await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: op.key }));
      const status = out.$metadata.httpStatusCode;
      if (status !== 200 && status !== 204) throw new Error(`unexpected status ${status}`);
      acknowledged.add(op.key);
      if (acknowledged.size === killAfter) emulator.child.kill("SIGKILL");
    }),
  );
  await emulator.kill();
  return acknowledged;
}

async function getBody(s3: S3Client, bucket: string, key: string): Promise<Buffer | null> {
  try {
    return await objectBytes(s3, bucket, key);
  } catch (err) {
    if ((err as { name?: string }).name === "NoSuchKey") return null;
    throw err;
  }
}

async function listKeys(s3: S3Client, bucket: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  // About 200 keys a bucket here: one page of 1000, so 5 is plenty.
  for (const _ of boundedPages(5)) {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const o of page.Contents ?? []) keys.push(o.Key!);
    token = page.NextContinuationToken;
    if (!token) break;
  }
  return keys;
}

/**
 * What a key may hold after the restart: `required` if its last operation was acknowledged
 * (null meaning deleted), otherwise any of `allowed` (null meaning absent).
 */
interface Expectation {
  required?: Buffer | null;
  allowed: Array<Buffer | null>;
}

async function verify(s3: S3Client, bucket: string, expected: Map<string, Expectation>): Promise<void> {
  await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  const listed = await listKeys(s3, bucket);
  for (const key of listed) expect(expected.has(key), `unexpected key ${key}`).toBe(true);
  await eachLimited([...expected], 16, async ([key, exp]) => {
    const body = await getBody(s3, bucket, key);
    const same = (b: Buffer | null) => (b === null ? body === null : body?.equals(b) === true);
    if (exp.required !== undefined) {
      expect(same(exp.required), `${bucket}/${key}: acknowledged state lost`).toBe(true);
    } else {
      expect(exp.allowed.some(same), `${bucket}/${key}: neither absent nor whole`).toBe(true);
    }
  });
}

describe("kill -9 during concurrent writes", () => {
  it("keeps every acknowledged PUT, byte for byte, across three crashes", async () => {
    const stateDir = await tempDir();
    const checks: Array<{ bucket: string; expected: Map<string, Expectation> }> = [];
    let emulator = await start(stateDir);
    try {
      let midway = 0;
      // Three crashes with writes in flight. A kill can land after every write has been
      // answered (the rest of a group commit goes out at once); such a round still has to
      // keep everything, but it does not count, and the next one kills earlier.
      for (let round = 0, killAfter = 1; midway < 3; round++) {
        expect(round, "no crash landed while writes were in flight").toBeLessThan(8);
        const s3 = client(emulator.url);
        const bucket = uniqueName(`crash-${round}`);
        await s3.send(new CreateBucketCommand({ Bucket: bucket }));
        const ops: Op[] = Array.from({ length: CONCURRENT }, (_, i) => ({
          kind: "put",
          key: `object-${i}`,
          body: randomBody(i + round * CONCURRENT),
        }));
        const acknowledged = await crashDuring(emulator, s3, bucket, ops, killAfter);
        s3.destroy();
        expect(acknowledged.size).toBeGreaterThanOrEqual(killAfter);
        if (acknowledged.size < CONCURRENT) {
          midway++;
          killAfter = [1, 60, 150][midway] ?? 150;
        } else {
          killAfter = Math.max(1, Math.floor(killAfter / 2));
        }
        const expected = new Map<string, Expectation>();
        for (const op of ops) {
          if (op.kind !== "put") continue;
          expected.set(
            op.key,
            acknowledged.has(op.key) ? { required: op.body, allowed: [] } : { allowed: [null, op.body] },
          );
        }
        checks.push({ bucket, expected });
        emulator = await start(stateDir);
        // Earlier rounds too: later crashes and torn tails must not disturb them.
        const verifier = client(emulator.url);
        for (const check of checks) await verify(verifier, check.bucket, check.expected);
        verifier.destroy();
      }
    } finally {
      await emulator.kill();
    }
  });

  it("keeps acknowledged overwrites and deletes, and earlier versions whole, when killed mid-way", async () => {
    const stateDir = await tempDir();
    let emulator = await start(stateDir);
    try {
      const s3 = client(emulator.url);
      const bucket = uniqueName("crash-mixed");
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      const base = new Map<string, Buffer>();
      await eachLimited(
        Array.from({ length: 60 }, (_, i) => i),
        20,
        async (i) => {
          const body = randomBody(i * 7);
          await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `base-${i}`, Body: body }));
          base.set(`base-${i}`, body);
        },
      );
      // Each key gets at most one operation, so its outcome does not depend on ordering.
      const ops: Op[] = [];
      for (let i = 0; i < 40; i++) ops.push({ kind: "put", key: `base-${i}`, body: randomBody(i + 1000) });
      for (let i = 40; i < 60; i++) ops.push({ kind: "delete", key: `base-${i}` });
      for (let i = 0; i < CONCURRENT - 60; i++)
        ops.push({ kind: "put", key: `new-${i}`, body: randomBody(i + 2000) });
      // Interleave kinds in a fixed order, so a failure can be replayed.
      ops.sort((a, b) => (hashKey(a.key) % 97) - (hashKey(b.key) % 97));
      const acknowledged = await crashDuring(emulator, s3, bucket, ops, 40);
      s3.destroy();
      // allSettled swallows failed requests: at least the kill point must have been reached.
      expect(acknowledged.size).toBeGreaterThanOrEqual(40);
      expect(acknowledged.size).toBeLessThan(CONCURRENT);

      const expected = new Map<string, Expectation>();
      for (const op of ops) {
        const after = op.kind === "put" ? op.body : null;
        const before = base.get(op.key) ?? null;
        expected.set(
          op.key,
          acknowledged.has(op.key) ? { required: after, allowed: [] } : { allowed: [before, after] },
        );
      }
      emulator = await start(stateDir);
      const verifier = client(emulator.url);
      await verify(verifier, bucket, expected);
      // And the store still takes writes after the torn tail was dropped.
      const body = randomBytes(5000);
      await verifier.send(new PutObjectCommand({ Bucket: bucket, Key: "after-restart", Body: body }));
      expect((await getBody(verifier, bucket, "after-restart"))?.equals(body)).toBe(true);
      verifier.destroy();
    } finally {
      await emulator.kill();
    }
  });
});
