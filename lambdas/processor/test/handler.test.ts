import { readFileSync } from "node:fs";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LOG_LINES, METRICS, powertoolsTelemetry } from "../src/powertools-telemetry.ts";
import { s3EventHandler } from "../src/s3-event-handler.ts";
import { fakeWorld, s3Error, UPLOADS } from "./support/fakes.ts";
import { bombPng, chelsea, jpegOf, wideImage } from "./support/images.ts";
import { capturePrintedLines } from "./support/printed-lines.ts";
import { ID, KEY, uploadedRecord } from "./support/uploads.ts";

/** Lines the process printed: Powertools writes JSON logs and EMF blobs to stdout. */
let printed: string[] = [];
beforeEach(() => {
  printed = capturePrintedLines();
});
afterEach(() => vi.restoreAllMocks());

type Json = Record<string, unknown>;
const lines = (): Json[] =>
  printed.flatMap((line) => (line.startsWith("{") ? [JSON.parse(line) as Json] : []));
const logs = () => lines().filter((line) => "message" in line);
const emf = () => lines().filter((line) => "_aws" in line);
const log = (kind: keyof typeof LOG_LINES) => logs().find((line) => line.event === LOG_LINES[kind].event);

function handlerWith(world = fakeWorld(), memoryLimitMb?: number, highResolution = false) {
  const logger = new Logger({ serviceName: "darkroom-processor" });
  const metrics = new Metrics({ namespace: "DarkroomTest", serviceName: "darkroom-processor" });
  world.deps.telemetry = powertoolsTelemetry(logger, metrics, { memoryLimitMb, highResolution });
  return { world, handler: s3EventHandler({ deps: world.deps, logger, metrics }) };
}

const context = {
  awsRequestId: "3f0c6a1e-7d1b-4c55-9d3a-5a2f1c9e8b70",
  functionName: "darkroom-processor",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:darkroom-processor",
  memoryLimitInMB: "2048",
  getRemainingTimeInMillis: () => 60_000,
};

function s3Event(key: string, size: number, bucket = UPLOADS) {
  return {
    Records: [
      {
        eventVersion: "2.1",
        eventSource: "aws:s3",
        awsRegion: "us-east-1",
        eventTime: "2025-03-01T10:00:00.000Z",
        eventName: "ObjectCreated:Post",
        s3: { bucket: { name: bucket }, object: { key, size } },
      },
    ],
  };
}

describe("the handler's log lines and metrics", () => {
  it("logs JSON with the image id and request id, and publishes the EMF metrics", async () => {
    const { world, handler } = handlerWith();
    world.table.seed(uploadedRecord());
    const body = await jpegOf(chelsea());
    world.objects.put(UPLOADS, KEY, body);

    const outcomes = await handler(s3Event(KEY, body.length), context);
    expect(outcomes.map((o) => o.kind)).toEqual(["processed"]);

    const processed = log("processed")!;
    expect(processed).toMatchObject({
      level: "INFO",
      message: "Image processed",
      service: "darkroom-processor",
      imageId: ID,
      function_request_id: context.awsRequestId,
      attempt: 1,
    });
    const names = emf().flatMap((blob) =>
      (
        blob._aws as { CloudWatchMetrics: { Metrics: { Name: string }[] }[] }
      ).CloudWatchMetrics[0]!.Metrics.map((m) => m.Name),
    );
    for (const name of [
      METRICS.processingTime,
      METRICS.imagesProcessed,
      METRICS.success,
      METRICS.imageSize,
      METRICS.bytesSaved,
      METRICS.variantTime,
      METRICS.uploadBytes,
    ]) {
      expect(names, name).toContain(name);
    }
    const variantBlobs = emf().filter((blob) => "Variant" in blob);
    expect(variantBlobs.map((blob) => blob.Variant).sort()).toEqual([
      "compressed",
      "low",
      "png",
      "thumbnail",
      "webp",
    ]);
    const main = emf().find((blob) => METRICS.imageSize in blob)!;
    expect(main[METRICS.imageSize]).toBe(uploadedRecord().originalBytes);
    expect(main[METRICS.uploadBytes]).toBe(uploadedRecord().originalBytes);
    expect(main._aws).toMatchObject({
      CloudWatchMetrics: [{ Namespace: "DarkroomTest", Dimensions: [["service"]] }],
    });
  });

  it("publishes per-second metrics (StorageResolution 1) when asked, and standard ones otherwise", async () => {
    type Blob = { CloudWatchMetrics: { Metrics: { Name: string; StorageResolution?: number }[] }[] };
    const resolutions = async (highResolution: boolean) => {
      printed.length = 0;
      const { world, handler } = handlerWith(fakeWorld(), undefined, highResolution);
      world.table.seed(uploadedRecord());
      const body = await jpegOf(chelsea());
      world.objects.put(UPLOADS, KEY, body);
      await handler(s3Event(KEY, body.length), context);
      const metrics = emf().flatMap((blob) => (blob._aws as Blob).CloudWatchMetrics[0]!.Metrics);
      expect(metrics.length).toBeGreaterThan(5);
      return new Set(metrics.map((m) => m.StorageResolution ?? 60));
    };
    expect(await resolutions(true)).toEqual(new Set([1]));
    expect(await resolutions(false)).toEqual(new Set([60]));
  });

  it("publishes UploadBytes once per upload: a reprocessed image's second attempt adds none", async () => {
    const { world, handler } = handlerWith();
    world.table.seed(uploadedRecord());
    const body = await jpegOf(chelsea());
    world.objects.put(UPLOADS, KEY, body);
    await handler(s3Event(KEY, body.length), context);
    const uploads = () => emf().filter((blob) => METRICS.uploadBytes in blob);
    expect(uploads()).toHaveLength(1);
    const event = s3Event(KEY, body.length);
    const again = { Records: event.Records.map((record) => ({ ...record, darkroomReprocess: true })) };
    const outcomes = await handler(again, context);
    expect(outcomes.map((o) => o.kind)).toEqual(["processed"]);
    expect(log("started")).toMatchObject({ attempt: 1 });
    expect(
      logs()
        .filter((line) => line.event === LOG_LINES.started.event)
        .at(-1),
    ).toMatchObject({
      attempt: 2,
    });
    expect(uploads()).toHaveLength(1);
  });

  it("warns about a large image, with its size, in the line the alarm matches", async () => {
    const { world, handler } = handlerWith();
    world.table.seed(uploadedRecord());
    const body = await wideImage();
    world.objects.put(UPLOADS, KEY, body);
    await handler(s3Event(KEY, body.length), context);
    expect(log("largeImage")).toMatchObject({
      level: "WARN",
      message: "Large image",
      imageId: ID,
      width: 5000,
      height: 400,
      maxSide: 4096,
    });
  });

  it("rejections are warnings with their code; ProcessingFailure counts them", async () => {
    const { world, handler } = handlerWith();
    world.table.seed(uploadedRecord());
    const body = bombPng();
    world.objects.put(UPLOADS, KEY, body);
    await handler(s3Event(KEY, body.length), context);
    expect(log("rejected")).toMatchObject({
      level: "WARN",
      message: "Image rejected",
      imageId: ID,
      failureCode: "DECOMPRESSION_BOMB",
    });
    const byCode = emf().find((blob) => blob.FailureCode === "DECOMPRESSION_BOMB");
    expect(byCode?.[METRICS.failure]).toBe(1);
  });

  it("S3 AccessDenied is an ERROR line of its own beside the failure", async () => {
    const { world, handler } = handlerWith();
    world.table.seed(uploadedRecord());
    world.objects.put(UPLOADS, KEY, await jpegOf(chelsea()));
    world.objects.failures.read = [s3Error("AccessDenied", 403, "Access Denied")];
    await handler(s3Event(KEY, 1000), context);
    expect(log("accessDenied")).toMatchObject({
      level: "ERROR",
      message: "S3 access denied",
      imageId: ID,
      error: { name: "AccessDenied" },
    });
    expect(log("processingFailed")).toMatchObject({ level: "ERROR", failureCode: "INTERNAL" });
  });

  it("a timeout is an ERROR line with the time left", async () => {
    const { world, handler } = handlerWith();
    world.table.seed(uploadedRecord());
    world.objects.put(UPLOADS, KEY, await jpegOf(chelsea()));
    const left = [60_000];
    await handler(s3Event(KEY, 1000), { ...context, getRemainingTimeInMillis: () => left.shift() ?? 1_200 });
    expect(log("timeout")).toMatchObject({
      level: "ERROR",
      message: "Image processing timed out",
      failureCode: "TIMEOUT",
      remainingMs: 1_200,
    });
  });

  it("rethrows a transient error after logging it, so Lambda retries", async () => {
    const { world, handler } = handlerWith();
    world.table.seed(uploadedRecord());
    world.objects.put(UPLOADS, KEY, await jpegOf(chelsea()));
    world.objects.failures.read = [s3Error("SlowDown", 503, "Slow down")];
    await expect(handler(s3Event(KEY, 1000), context)).rejects.toMatchObject({ name: "SlowDown" });
    expect(log("transient")).toMatchObject({ level: "ERROR", imageId: ID, reason: "SlowDown (HTTP 503)" });
  });

  it("logs a CRITICAL line when a failure cannot be recorded", async () => {
    const { world, handler } = handlerWith();
    world.table.get = async () => {
      throw Object.assign(new Error("Requested resource not found"), {
        name: "ResourceNotFoundException",
        $metadata: { httpStatusCode: 400 },
      });
    };
    world.objects.put(UPLOADS, KEY, await jpegOf(chelsea()));
    await expect(handler(s3Event(KEY, 1000), context)).rejects.toThrow("Requested resource not found");
    expect(log("unrecorded")).toMatchObject({ level: "CRITICAL", imageId: ID, key: KEY });
  });

  it("warns when memory use nears the function's limit", async () => {
    const { world, handler } = handlerWith(fakeWorld(), 1);
    world.table.seed(uploadedRecord());
    const body = await jpegOf(chelsea());
    world.objects.put(UPLOADS, KEY, body);
    await handler(s3Event(KEY, body.length), context);
    expect(log("highMemory")).toMatchObject({ level: "WARN", message: "High memory use", limitMb: 1 });
  });

  it("drops what is not an S3 event with an ERROR line, and skips other records", async () => {
    const { handler } = handlerWith();
    expect(await handler({ hello: "world" }, context)).toEqual([]);
    expect(log("invalidEvent")).toMatchObject({ level: "ERROR", message: "Invalid event" });
    const removed = s3Event(KEY, 10);
    removed.Records[0]!.eventName = "ObjectRemoved:Delete";
    expect((await handler(removed, context)).map((o) => o.kind)).toEqual(["ignored"]);
    expect(log("ignored")).toMatchObject({ level: "INFO", reason: "not an ObjectCreated event" });
  });

  it("every log line is documented in the README's table", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    for (const { level, message, event } of Object.values(LOG_LINES)) {
      expect(readme, event).toContain(`| ${level} | \`${message}\` | \`${event}\``);
    }
    for (const name of Object.values(METRICS)) expect(readme, name).toContain(`\`${name}\``);
  });
});
