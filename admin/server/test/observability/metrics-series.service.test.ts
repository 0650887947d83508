import { BadRequestException } from "@nestjs/common";
import { describe, expect, it } from "vitest";
import { metricsQuerySchema } from "../../src/metrics-series/metrics-series.dto.ts";
import { MetricsSeriesService } from "../../src/metrics-series/metrics-series.service.ts";
import { METRICS_LIMITS, resolveMetricsWindow } from "../../src/metrics-series/metrics-window.ts";
import { SERIES_NAMES } from "../../src/metrics-series/series-catalog.ts";
import { STACK } from "../support/context.ts";
import { FakeMetricData } from "../support/observability-fakes.ts";

const NOW = Date.parse("2025-03-01T12:00:30.000Z");
const MINUTE = 60_000;
const processorInvocations = {
  namespace: "AWS/Lambda",
  metricName: "Invocations",
  dimensions: { FunctionName: STACK.processorFunction },
};
const uploads = {
  namespace: "Darkroom",
  metricName: "UploadBytes",
  dimensions: { service: STACK.processorFunction },
};

describe("MetricsSeriesService", () => {
  it("asks every series in one GetMetricData call and returns the buckets CloudWatch has, missing ones absent", async () => {
    const data = new FakeMetricData();
    data.put(processorInvocations, "Sum", [
      { timestamp: NOW - 30 * MINUTE, value: 3 },
      { timestamp: NOW - 10 * MINUTE, value: 1 },
    ]);
    data.put(uploads, "Sum", [{ timestamp: NOW - 10 * MINUTE, value: 2_000_000 }]);
    data.put(uploads, "SampleCount", [{ timestamp: NOW - 10 * MINUTE, value: 2 }]);
    const service = new MetricsSeriesService(data, STACK);

    const answer = await service.series({}, NOW);

    expect(data.calls).toHaveLength(1);
    expect(data.calls[0]!.queries.map((q) => q.id)).toHaveLength(SERIES_NAMES.length);
    expect(answer.series.map((s) => s.name)).toEqual([...SERIES_NAMES]);
    expect(answer.period).toBe(60); // 3 hours at one minute: 180 points
    expect(answer.to).toBe(new Date(NOW).toISOString());
    expect(answer.from).toBe("2025-03-01T09:00:00.000Z"); // floored to the minute
    const byName = Object.fromEntries(answer.series.map((s) => [s.name, s]));
    expect(byName["processor.invocations"]).toEqual({
      name: "processor.invocations",
      unit: "Count",
      label: "Processor invocations",
      points: [
        { t: NOW - 30 * MINUTE, v: 3 },
        { t: NOW - 10 * MINUTE, v: 1 },
      ],
    });
    expect(byName["uploads.bytes"]?.points).toEqual([{ t: NOW - 10 * MINUTE, v: 2_000_000 }]);
    expect(byName["uploads.count"]?.points).toEqual([{ t: NOW - 10 * MINUTE, v: 2 }]);
    expect(byName["api.invocations"]?.points).toEqual([]);
  });

  it("reads each series from its namespace, dimension and statistic", async () => {
    const data = new FakeMetricData();
    const service = new MetricsSeriesService(data, STACK);
    await service.series(
      { series: ["api.duration.p95", "processing.time.p50", "uploads.count", "bytes.saved"] },
      NOW,
    );
    expect(data.calls[0]!.queries).toEqual([
      {
        id: "s0",
        metric: {
          namespace: "AWS/Lambda",
          metricName: "Duration",
          dimensions: { FunctionName: STACK.apiFunction },
        },
        stat: "p95",
        periodSeconds: 60,
      },
      {
        id: "s1",
        metric: {
          namespace: "Darkroom",
          metricName: "ProcessingTime",
          dimensions: { service: STACK.processorFunction },
        },
        stat: "p50",
        periodSeconds: 60,
      },
      { id: "s2", metric: uploads, stat: "SampleCount", periodSeconds: 60 },
      {
        id: "s3",
        metric: {
          namespace: "Darkroom",
          metricName: "BytesSaved",
          dimensions: { service: STACK.processorFunction },
        },
        stat: "Sum",
        periodSeconds: 60,
      },
    ]);
  });

  it("uses the client's period and range, the start floored to the period", async () => {
    const data = new FakeMetricData();
    const service = new MetricsSeriesService(data, STACK);
    const answer = await service.series(
      { series: ["images.processed"], from: "2025-03-01T00:07:00Z", to: "2025-03-01T12:00:00Z", period: 900 },
      NOW,
    );
    expect(answer).toMatchObject({
      period: 900,
      from: "2025-03-01T00:00:00.000Z",
      to: "2025-03-01T12:00:00.000Z",
    });
    expect(data.calls[0]).toMatchObject({
      start: new Date("2025-03-01T00:00:00.000Z"),
      end: new Date("2025-03-01T12:00:00.000Z"),
    });
  });

  it("refuses a window its clock says crossed a limit, as a 400 naming the field", async () => {
    const service = new MetricsSeriesService(new FakeMetricData(), STACK);
    const error = await service
      .series({ from: "2025-02-01T00:00:00Z", to: "2025-02-02T00:00:00Z", period: 3600 }, NOW)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestException);
    expect((error as BadRequestException).getResponse()).toMatchObject({
      error: "BadRequest",
      field: "from",
    });
  });
});

describe("the metrics window", () => {
  const resolve = (input: Parameters<typeof resolveMetricsWindow>[0]) => resolveMetricsWindow(input, NOW);

  it("picks a default period of at most 360 points", () => {
    const day = resolve({ from: new Date(NOW - 86_400_000).toISOString() });
    expect("window" in day && day.window.periodSeconds).toBe(300);
    const fortnight = resolve({ from: new Date(NOW - 14 * 86_400_000).toISOString() });
    expect("window" in fortnight && fortnight.window.periodSeconds).toBe(3600);
  });

  it("names the field at fault, and a period that fits", () => {
    expect(resolve({ from: new Date(NOW - 2 * 86_400_000).toISOString(), period: 60 })).toEqual({
      issue: {
        field: "period",
        message: `60 s gives 2881 points per series over this range; at most ${METRICS_LIMITS.maxPoints}: use a period of at least 180 s`,
      },
    });
    // 2 days and 30 s from a start on the minute: 120 s would give 1,441 points.
    expect("window" in resolve({ from: new Date(NOW - 2 * 86_400_000).toISOString(), period: 180 })).toBe(
      true,
    );
    expect("issue" in resolve({ from: new Date(NOW - 2 * 86_400_000).toISOString(), period: 120 })).toBe(
      true,
    );
    expect(resolve({ from: "2025-03-01T12:00:00Z", to: "2025-03-01T11:00:00Z" })).toMatchObject({
      issue: { field: "to" },
    });
    expect(resolve({ to: new Date(NOW + 10 * MINUTE).toISOString() })).toMatchObject({
      issue: { field: "to" },
    });
    expect(resolve({ from: new Date(NOW - 16 * 86_400_000).toISOString() })).toMatchObject({
      issue: { field: "from" },
    });
  });

  it("parses series as a comma list or repeated parameters, and refuses unknown names", () => {
    expect(metricsQuerySchema.parse({ series: "uploads.bytes, uploads.count" }).series).toEqual([
      "uploads.bytes",
      "uploads.count",
    ]);
    expect(metricsQuerySchema.parse({ series: ["uploads.bytes", "uploads.bytes"] }).series).toEqual([
      "uploads.bytes",
    ]);
    expect(metricsQuerySchema.parse({}).series).toBeUndefined();
    const refused = metricsQuerySchema.safeParse({ series: "uploads.bytes,cpu" });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.path).toEqual(["series", 1]);
    expect(metricsQuerySchema.safeParse({ period: "90" }).error?.issues[0]?.message).toBe(
      "must be a multiple of 60 s",
    );
  });
});
