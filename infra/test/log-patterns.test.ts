import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { type FailedImageRecord, type FailureCode, imageRecordSchema } from "@darkroom/image-record";
import { afterEach, describe, expect, it, vi } from "vitest";
import { timedOut } from "../../emulator/src/services/lambda/runtime/error-payloads.ts";
import { endLine, reportLine, startLine } from "../../emulator/src/services/lambda/runtime/log-lines.ts";
import { matchPattern, parseFilterPattern } from "../../emulator/src/services/logs/filter-pattern/index.ts";
import { LOG_LINES, powertoolsTelemetry } from "../../lambdas/processor/src/powertools-telemetry.ts";
import { capturePrintedLines } from "../../lambdas/processor/test/support/printed-lines.ts";
import { LOG_METRICS, type LogMetricKey } from "../log-metrics.ts";

const IMAGE_ID = "01JNB4Q7Z8X3K5M9P2R6T0V1WY";
const REQUEST_ID = "3f0c6a1e-7d1b-4c55-9d3a-5a2f1c9e8b70";

function failedRecord(code: FailureCode): FailedImageRecord {
  const record = imageRecordSchema.parse({
    imageId: IMAGE_ID,
    status: "FAILED",
    attempts: 1,
    originalKey: `uploads/${IMAGE_ID}/cat.jpg`,
    originalBytes: 1000,
    contentType: "image/jpeg",
    originalFileName: "cat.jpg",
    createdAt: "2025-03-01T10:00:00.000Z",
    updatedAt: "2025-03-01T10:00:02.000Z",
    processedAt: "2025-03-01T10:00:02.000Z",
    failure: { code, message: `failed with ${code}` },
  });
  if (record.status !== "FAILED") throw new Error("expected a FAILED record");
  return record;
}

/**
 * Every line the processor's telemetry prints (Powertools JSON logs and EMF blobs), from the
 * real Logger and Metrics, as its log group would receive them.
 */
function processorLines(): string[] {
  const printed = capturePrintedLines();
  const logger = new Logger({ serviceName: "darkroom-processor" });
  const metrics = new Metrics({ namespace: "Darkroom", serviceName: "darkroom-processor" });
  const telemetry = powertoolsTelemetry(logger, metrics, { memoryLimitMb: 1024, highResolution: false });
  const error = new Error("boom");
  telemetry.ignored({ reason: "not an upload key", bucket: "darkroom-uploads", key: "other/x" });
  telemetry.duplicate({ imageId: IMAGE_ID, status: "PROCESSED", attempts: 1 });
  telemetry.started({
    imageId: IMAGE_ID,
    attempt: 1,
    reclaimed: false,
    createdRecord: false,
    originalBytes: 12_345,
  });
  telemetry.largeImage({ imageId: IMAGE_ID, width: 8000, height: 6000, maxSide: 4096 });
  telemetry.labelsFailed({
    imageId: IMAGE_ID,
    labelsError: { code: "ThrottlingException", message: "slow down" },
  });
  telemetry.failed({ record: failedRecord("CORRUPT"), accessDenied: false, error, remainingMs: 30_000 });
  telemetry.failed({ record: failedRecord("INTERNAL"), accessDenied: true, error, remainingMs: 30_000 });
  telemetry.failed({ record: failedRecord("TIMEOUT"), accessDenied: false, error, remainingMs: 1_500 });
  telemetry.transient({ imageId: IMAGE_ID, reason: "SlowDown", error });
  telemetry.unrecorded({ imageId: IMAGE_ID, bucket: "darkroom-uploads", key: "uploads/x/y.jpg", error });
  telemetry.claimLost({ imageId: IMAGE_ID });
  telemetry.memory({ rssBytes: 1000 * 1024 * 1024 });
  // As handler.ts logs a configuration it refuses at cold start.
  logger.critical(LOG_LINES.invalidConfig.message, { event: LOG_LINES.invalidConfig.event, error });
  vi.restoreAllMocks();
  return printed;
}

/** Lambda's own lines in the same group, as the emulator writes them in AWS's wording. */
function platformLines(): { timeout: string[]; outOfMemory: string[]; other: string[] } {
  const report = {
    requestId: REQUEST_ID,
    billedDurationMs: 45_000,
    memorySizeMb: 3008,
    maxMemoryUsedMb: 3008,
  };
  const timeoutMessage = JSON.parse(timedOut(REQUEST_ID, 45).payload.toString()) as { errorMessage: string };
  return {
    timeout: [
      `2025-03-01T10:00:45.000Z ${REQUEST_ID} Task timed out after 45.00 seconds\n`,
      timeoutMessage.errorMessage,
      reportLine({ ...report, durationMs: 45_000, status: "timeout" }),
    ],
    outOfMemory: [
      reportLine({ ...report, durationMs: 1_200, status: "error", errorType: "Runtime.OutOfMemory" }),
      `RequestId: ${REQUEST_ID} Error: Runtime exited with error: signal: killed\n`,
    ],
    other: [
      startLine(REQUEST_ID, "$LATEST"),
      endLine(REQUEST_ID),
      reportLine({ ...report, durationMs: 812.5, maxMemoryUsedMb: 640 }),
    ],
  };
}

type Json = Record<string, unknown>;
const asJson = (line: string): Json | null => (line.startsWith("{") ? (JSON.parse(line) as Json) : null);

/** The lines any of the metric's filters count. */
function counted(key: LogMetricKey, lines: string[]): string[] {
  const patterns = LOG_METRICS[key].patterns.map((pattern) => parseFilterPattern(pattern));
  return lines.filter((line) => patterns.some((pattern) => matchPattern(pattern, line) !== null));
}

describe("the metric filter patterns on the processor's real log lines", () => {
  afterEach(() => vi.restoreAllMocks());
  const processor = processorLines();
  const platform = platformLines();
  const all = [...processor, ...platform.timeout, ...platform.outOfMemory, ...platform.other];
  const eventsOf = (lines: string[]) => lines.map((line) => asJson(line)?.event ?? line.trim());

  it("captured a line for every event the patterns name, and EMF blobs beside them", () => {
    const events = processor.map((line) => asJson(line)?.event);
    for (const kind of [
      "largeImage",
      "processingFailed",
      "timeout",
      "accessDenied",
      "unrecorded",
      "invalidConfig",
    ] as const) {
      expect(events, kind).toContain(LOG_LINES[kind].event);
    }
    expect(processor.some((line) => "_aws" in (asJson(line) ?? {}))).toBe(true);
  });

  it.each(Object.keys(LOG_METRICS) as LogMetricKey[])(
    "%s: every pattern is one CloudWatch accepts",
    (key) => {
      for (const pattern of LOG_METRICS[key].patterns)
        expect(() => parseFilterPattern(pattern)).not.toThrow();
    },
  );

  it("log-errors counts exactly the processor's ERROR and CRITICAL lines", () => {
    const errorLines = processor.filter((line) =>
      ["ERROR", "CRITICAL"].includes(String(asJson(line)?.level)),
    );
    expect(eventsOf(errorLines).sort()).toEqual(
      [
        LOG_LINES.processingFailed.event,
        LOG_LINES.accessDenied.event,
        LOG_LINES.timeout.event,
        LOG_LINES.transient.event,
        LOG_LINES.unrecorded.event,
        LOG_LINES.invalidConfig.event,
      ].sort(),
    );
    expect(counted("logErrors", all)).toEqual(errorLines);
  });

  it.each([
    ["criticalErrors", [LOG_LINES.unrecorded.event, LOG_LINES.invalidConfig.event]],
    ["imageProcessingErrors", [LOG_LINES.processingFailed.event]],
    ["s3PermissionErrors", [LOG_LINES.accessDenied.event]],
    ["largeImages", [LOG_LINES.largeImage.event]],
  ] as const)("%s counts only %j", (key, events) => {
    expect(eventsOf(counted(key, all))).toEqual(events);
  });

  it("timeout-errors counts the processor's TIMEOUT and Lambda's timeout lines, nothing else", () => {
    expect(counted("timeoutErrors", all)).toEqual([
      ...processor.filter((line) => asJson(line)?.event === LOG_LINES.timeout.event),
      ...platform.timeout,
    ]);
  });

  it("memory-errors counts Lambda's out-of-memory lines, not the processor's HighMemory warning", () => {
    expect(counted("memoryErrors", all)).toEqual(platform.outOfMemory);
    expect(eventsOf(processor)).toContain(LOG_LINES.highMemory.event);
  });
});
