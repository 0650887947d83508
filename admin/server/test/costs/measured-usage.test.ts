import { describe, expect, it } from "vitest";
import {
  bundledPriceTable,
  estimate,
  type MeasuredReadings,
  MONTH_SECONDS,
  regionPrices,
  usageFromMeasurements,
} from "../../src/costs/index.ts";

// 73 hours is a tenth of the 730-hour month, so every flow is multiplied by exactly 10.
const start = "2026-11-01T00:00:00Z";
const end = "2026-11-04T01:00:00Z";

const readings: MeasuredReadings = {
  window: { start, end },
  functions: [
    {
      name: "processor",
      architecture: "arm64",
      memoryMb: 3008,
      invocationsSum: 1000,
      durationMsSum: 1_500_000,
    },
    { name: "api", architecture: "arm64", memoryMb: 512, invocationsSum: 2000, durationMsSum: 60_000 },
  ],
  processor: { imagesProcessedSum: 1000, imageSizeBytesSum: 2_000_000_000, bytesSavedSum: 500_000_000 },
  variantsPerImage: 5,
  s3: {
    buckets: [
      { name: "uploads", sizeBytes: 2_000_000_000, objectCount: 1000 },
      { name: "media", sizeBytes: 1_000_000_000, objectCount: 5000 },
    ],
  },
  dynamodb: {
    itemCount: 9000,
    tableSizeBytes: 4_096_000,
    consumedReadCapacityUnitsSum: 3140,
    consumedWriteCapacityUnitsSum: 20_000,
  },
  cloudwatch: {
    customMetrics: 18,
    standardAlarms: 12,
    highResolutionAlarms: 0,
    dashboards: 1,
    logIncomingBytesSum: 6_000_000,
    logStoredBytes: 50_000_000,
  },
  sns: { publishedSum: 3, emailDeliveredSum: 2 },
};

describe("measured usage extrapolated to a month", () => {
  const measured = usageFromMeasurements(readings);

  it("multiplies flows by month ÷ window and keeps stocks as measured", () => {
    expect(measured.windowSeconds).toBe(73 * 3600);
    expect(measured.monthFactor).toBe(10);
    const { usage } = measured;
    expect(usage.imagesPerMonth).toBe(10_000);
    expect(usage.lambda.functions).toEqual([
      { name: "processor", architecture: "arm64", invocations: 10_000, avgDurationMs: 1500, memoryMb: 3008 },
      { name: "api", architecture: "arm64", invocations: 20_000, avgDurationMs: 30, memoryMb: 512 },
    ]);
    expect(usage.s3.averageStoredBytes).toBe(3_000_000_000); // both buckets, not scaled
    expect(usage.dynamodb).toEqual({
      readRequestUnits: 31_400,
      writeRequestUnits: 200_000,
      averageStoredBytes: 4_096_000,
    });
    expect(usage.cloudwatch).toMatchObject({
      customMetrics: 18,
      standardAlarms: 12,
      dashboards: 1,
      logIngestedBytes: 60_000_000,
      logStoredBytes: 50_000_000,
    });
    expect(usage.sns).toEqual({ requests: 30, emailNotifications: 20 });
  });

  it("estimates what it could not measure, and says so", () => {
    const { usage, assumptions } = measured;
    expect(usage.s3.putCopyPostListRequests).toBe(10_000 * 6); // upload + 5 variants per image
    expect(usage.s3.getAndOtherRequests).toBe(10_000 * 2);
    expect(usage.rekognition.detectLabelsImages).toBe(10_000);
    expect(usage.cloudfront).toEqual({ dataTransferOutBytes: 0, httpsRequests: 0 });
    const text = assumptions.join("\n");
    expect(text).toContain("S3 request metrics absent: PUT/POST estimated");
    expect(text).toContain("DetectLabels calls not measured");
    expect(text).toContain("No CloudFront readings");
    expect(text).not.toContain("shorter than a day");
  });

  it("uses measured counts over the fallbacks when they are there", () => {
    const { usage, assumptions } = usageFromMeasurements({
      ...readings,
      s3: { ...readings.s3, putCopyPostListRequestsSum: 7000, getAndOtherRequestsSum: 900 },
      processor: { ...readings.processor, detectLabelsCallsSum: 990 },
      cloudfront: { bytesDownloadedSum: 1024, requestsSum: 50 },
    });
    expect(usage.s3.putCopyPostListRequests).toBe(70_000);
    expect(usage.s3.getAndOtherRequests).toBe(9000);
    expect(usage.rekognition.detectLabelsImages).toBe(9900);
    expect(usage.cloudfront).toEqual({ dataTransferOutBytes: 10_240, httpsRequests: 500 });
    expect(assumptions.join("\n")).not.toContain("S3 request metrics absent");
  });

  it("estimates DynamoDB units and SNS requests a target does not publish, and says so", () => {
    const { usage, assumptions } = usageFromMeasurements({
      ...readings,
      dynamodb: { itemCount: 9000, tableSizeBytes: 4_096_000 },
      sns: {},
    });
    // 1,000 images in the window, 10 windows a month: 2 read and 20 write units per image.
    expect(usage.dynamodb).toEqual({
      readRequestUnits: 20_000,
      writeRequestUnits: 200_000,
      averageStoredBytes: 4_096_000,
    });
    expect(usage.sns).toEqual({ requests: 0, emailNotifications: 0 });
    const text = assumptions.join("\n");
    expect(text).toContain("DynamoDB consumed read units not measured: ImagesProcessed × 2");
    expect(text).toContain("DynamoDB consumed write units not measured: ImagesProcessed × 20");
    expect(text).toContain("SNS publishes not measured: counted as 0.");
    expect(usageFromMeasurements(readings).assumptions.join("\n")).not.toContain("DynamoDB consumed");
  });

  it("extrapolates a week to 730 hours", () => {
    const week = usageFromMeasurements({ ...readings, window: { start, end: "2026-11-08T00:00:00Z" } });
    expect(week.windowSeconds).toBe(604_800);
    expect(week.usage.lambda.functions[1]?.invocations).toBeCloseTo((2000 * MONTH_SECONDS) / 604_800, 9);
    expect(week.usage.lambda.functions[1]?.invocations).toBeCloseTo(8690.476190476, 6);
  });

  it("flags a window shorter than a day", () => {
    const hour = usageFromMeasurements({ ...readings, window: { start, end: "2026-11-01T01:00:00Z" } });
    expect(hour.monthFactor).toBe(730);
    expect(hour.assumptions.join("\n")).toContain("shorter than a day");
  });

  it("feeds the estimator", () => {
    const result = estimate(measured.usage, regionPrices(bundledPriceTable(), "us-east-1"));
    const lambda = result.byService[0]?.lines ?? [];
    // 10,000 × 1.5 s × 3008/1024 GB = 44,062.5 GB-s at $0.0000133334.
    expect(lambda[1]?.quantity).toBe("44,062.5");
    expect(Number(lambda[1]?.cost.exactUsd)).toBeCloseTo(44_062.5 * 0.0000133334, 9);
    expect(result.imagesPerMonth).toBe(10_000);
  });

  it("rejects readings it cannot use, naming the field", () => {
    expect(() => usageFromMeasurements({ ...readings, window: { start: end, end: start } })).toThrow(
      /window must last at least 60 s/,
    );
    expect(() => usageFromMeasurements({ ...readings, window: { start: "yesterday", end } })).toThrow(
      /window\.start must be an ISO 8601 date-time/,
    );
    expect(() =>
      usageFromMeasurements({ ...readings, sns: { publishedSum: -1, emailDeliveredSum: 0 } }),
    ).toThrow(/sns\.publishedSum must not be negative[\s\S]*sns\.publishedSum/);
    expect(() => usageFromMeasurements({ ...readings, functions: [] })).toThrow(/at least one function/);
  });
});
