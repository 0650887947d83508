import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  ListBucketsCommand,
  PutObjectCommand,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { describe, expect, it, onTestFinished } from "vitest";
import { s3Client, uniqueName } from "./support/clients.ts";
import { type EmulatorProcess, spawnEmulator, spawnEmulatorOnFreePort } from "./support/emulator-process.ts";
import { objectBytes } from "./support/s3-body.ts";
import { tempDir } from "./support/temp-dir.ts";

const CLI = fileURLToPath(new URL("../src/cli.ts", import.meta.url));

async function started(env: Record<string, string>): Promise<EmulatorProcess> {
  const emulator = await spawnEmulator(env);
  onTestFinished(() => emulator.kill());
  return emulator;
}

/** `started`, on a port named in DARKROOM_PORT rather than port 0. */
async function startedOnFreePort(
  env: Record<string, string>,
): Promise<{ emulator: EmulatorProcess; port: number }> {
  const running = await spawnEmulatorOnFreePort(env);
  onTestFinished(() => running.emulator.kill());
  return running;
}

/** Runs the CLI expecting it to exit by itself; fails the test if it is still running after 30 s. */
function runToExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CLI], {
      env: { ...process.env, DARKROOM_PORT: "0", DARKROOM_LOG_REQUESTS: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      output += d.toString();
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the emulator kept running:\n${output}`));
    }, 30_000);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe("the emulator process", () => {
  it("listens where DARKROOM_HOST and DARKROOM_PORT say", async () => {
    const { emulator, port } = await startedOnFreePort({ DARKROOM_PERSIST: "0", DARKROOM_HOST: "127.0.0.1" });
    expect(emulator.url).toBe(`http://127.0.0.1:${port}`);
    expect((await fetch(`http://127.0.0.1:${port}/_localstack/health`)).status).toBe(200);

    const { emulator: named, port: other } = await startedOnFreePort({
      DARKROOM_PERSIST: "0",
      DARKROOM_HOST: "localhost",
    });
    expect(named.url).toBe(`http://localhost:${other}`);
    expect((await fetch(`${named.url}/_localstack/health`)).status).toBe(200);
  });

  it("exits non-zero naming the variable when a setting is invalid", async () => {
    const auth = await runToExit({ DARKROOM_AUTH: "maybe", DARKROOM_PERSIST: "0" });
    expect(auth.code).not.toBe(0);
    expect(auth.output).toMatch(/DARKROOM_AUTH/);
    const port = await runToExit({ DARKROOM_PORT: "eighty", DARKROOM_PERSIST: "0" });
    expect(port.code).not.toBe(0);
    expect(port.output).toMatch(/DARKROOM_PORT/);
  });

  it("refuses to share a state directory with a running emulator", async () => {
    const stateDir = await tempDir();
    const first = await started({ DARKROOM_STATE_DIR: stateDir, DARKROOM_PERSIST: "1" });
    const second = await runToExit({ DARKROOM_STATE_DIR: stateDir, DARKROOM_PERSIST: "1" });
    expect(second.code).not.toBe(0);
    expect(second.output).toMatch(new RegExp(`in use by process ${first.child.pid}`));
    // The first one is unharmed.
    expect((await fetch(`${first.url}/_localstack/health`)).status).toBe(200);
  });

  it("reloads buckets and objects after a restart", async () => {
    const stateDir = await tempDir();
    const env = { DARKROOM_STATE_DIR: stateDir, DARKROOM_PERSIST: "1" };
    const bucket = uniqueName("restart");
    const small = randomBytes(1000);
    const empty = Buffer.alloc(0);
    const parts = [randomBytes(5 * 1024 * 1024), randomBytes(1234)];
    {
      const emulator = await started(env);
      const s3 = s3Client(emulator.url);
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "small", Body: small }));
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "empty", Body: empty }));
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "replaced", Body: randomBytes(300) }));
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "replaced", Body: small }));
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "multi" }));
      const etags: string[] = [];
      for (const [i, part] of parts.entries()) {
        const out = await s3.send(
          new UploadPartCommand({ Bucket: bucket, Key: "multi", UploadId, PartNumber: i + 1, Body: part }),
        );
        etags.push(out.ETag!);
      }
      await s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: "multi",
          UploadId,
          MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
        }),
      );
      s3.destroy();
      await emulator.stop();
      expect(emulator.child.exitCode).toBe(0);
    }
    const emulator = await started(env);
    const s3 = s3Client(emulator.url);
    const { Buckets } = await s3.send(new ListBucketsCommand({}));
    expect(Buckets?.map((b) => b.Name)).toContain(bucket);
    expect((await objectBytes(s3, bucket, "small")).equals(small)).toBe(true);
    expect((await objectBytes(s3, bucket, "empty")).length).toBe(0);
    expect((await objectBytes(s3, bucket, "replaced")).equals(small)).toBe(true);
    expect((await objectBytes(s3, bucket, "multi")).equals(Buffer.concat(parts))).toBe(true);
    s3.destroy();
  });

  it("writes nothing to the state directory with DARKROOM_PERSIST=0", async () => {
    const parent = await tempDir();
    const stateDir = join(parent, "state");
    const emulator = await started({ DARKROOM_STATE_DIR: stateDir, DARKROOM_PERSIST: "0" });
    const s3 = s3Client(emulator.url);
    const bucket = uniqueName("memory");
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: randomBytes(10_000) }));
    s3.destroy();
    await emulator.stop();
    expect(existsSync(stateDir)).toBe(false);
    expect(await readdir(parent)).toEqual([]);
  });
});
