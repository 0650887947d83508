import { randomBytes } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import {
  CreateFunctionCommand,
  InvokeCommand,
  LambdaClient,
  waitUntilFunctionActiveV2,
} from "@aws-sdk/client-lambda";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { buildLambdas } from "../../build/build-lambdas.ts";
import { emulatorClient } from "../support/emulator-clients.ts";
import { tempDir } from "../support/temp-dir.ts";

/**
 * The packaging on its own, apart from the real functions: a small function that imports sharp
 * is built like them, deployed as a zip to the emulator, and run there, in a worker on Node 22
 * (when `npm run lambda:node` fetched it), loading libvips from the zip's node_modules.
 */
const PROBE = { name: "sharp-probe", entry: "lambdas/test/fixtures/sharp-probe/handler.ts" };
const CHELSEA = new URL("../../test-fixtures/chelsea.png", import.meta.url);

const resultSchema = z.object({
  width: z.number(),
  height: z.number(),
  format: z.string(),
  libvips: z.string(),
});

let distDir: string;

beforeAll(async () => {
  distDir = await tempDir("probe-dist");
  await buildLambdas({ outDir: distDir, functions: [PROBE], arch: "x86_64" });
}, 300_000);

afterAll(() => rm(distDir, { recursive: true, force: true }));

describe("a function importing sharp, from its zip", () => {
  it("runs in the emulator and resizes with the zip's libvips", async () => {
    const lambda = emulatorClient(LambdaClient, inject("emulatorUrl"));
    const name = `sharp-probe-${randomBytes(4).toString("hex")}`;
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: "nodejs22.x",
        Handler: "handler.handler",
        Architectures: ["x86_64"],
        Role: "arn:aws:iam::000000000000:role/sharp-probe",
        MemorySize: 512,
        Timeout: 30,
        Code: { ZipFile: await readFile(join(distDir, "sharp-probe.zip")) },
      }),
    );
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30 }, { FunctionName: name });
    const original = await readFile(CHELSEA);
    const invoked = await lambda.send(
      new InvokeCommand({
        FunctionName: name,
        Payload: JSON.stringify({ imageBase64: original.toString("base64"), width: 64 }),
      }),
    );
    const payload = new TextDecoder().decode(invoked.Payload);
    expect(invoked.FunctionError, payload).toBeUndefined();
    const { width: originalWidth, height: originalHeight } = await sharp(original).metadata();
    expect(resultSchema.parse(JSON.parse(payload))).toEqual({
      width: 64,
      height: Math.round((64 * originalHeight) / originalWidth),
      format: "png",
      libvips: sharp.versions.vips,
    });
  });
});
