import { ConflictException, Logger } from "@nestjs/common";
import { SchedulerRegistry } from "@nestjs/schedule";
import { describe, expect, it } from "vitest";
import { CostSnapshotsJob } from "../../src/costs/cost-snapshots.job.ts";
import { projectionQuerySchema } from "../../src/costs/costs.dto.ts";
import { CostsService } from "../../src/costs/costs.service.ts";
import { PRICE_KEYS, unverifiedPrices } from "../../src/costs/price-table.ts";
import { UsageMeasurementService } from "../../src/costs/usage-measurement.service.ts";
import { JobRunner } from "../../src/jobs/job-runner.ts";
import type { MetricRef } from "../../src/repositories/metric-data.repository.ts";
import { loadAdminSettings } from "../../src/settings/admin-settings.ts";
import { alarmNamed, FakeAlarms } from "../support/alarm-fakes.ts";
import { STACK, TOKEN } from "../support/context.ts";
import { FakeFunctionLogs } from "../support/fakes.ts";
import { FakeMetricData, FakeUsageSources } from "../support/observability-fakes.ts";

const NOW = Date.parse("2025-03-01T12:00:00.000Z");
const HOUR = 3_600_000;
const settings = loadAdminSettings({ DARKROOM_ADMIN_TOKEN: TOKEN, DARKROOM_API_PORT: "0" });
const lambda = (fn: string, metricName: string): MetricRef => ({
  namespace: "AWS/Lambda",
  metricName,
  dimensions: { FunctionName: fn },
});
const emf = (metricName: string): MetricRef => ({
  namespace: "Darkroom",
  metricName,
  dimensions: { service: STACK.processorFunction },
});
const at = (hoursAgo: number) => NOW - hoursAgo * HOUR;

/** A pipeline that ran 12 images in the last day through the processor (1.5 s each) and 30 API calls. */
function world() {
  const metrics = new FakeMetricData();
  metrics.put(lambda(STACK.processorFunction, "Invocations"), "Sum", [
    { timestamp: at(20), value: 4 },
    { timestamp: at(2), value: 8 },
  ]);
  metrics.put(lambda(STACK.processorFunction, "Duration"), "Sum", [{ timestamp: at(2), value: 18_000 }]);
  metrics.put(lambda(STACK.apiFunction, "Invocations"), "Sum", [{ timestamp: at(1), value: 30 }]);
  metrics.put(lambda(STACK.apiFunction, "Duration"), "Sum", [{ timestamp: at(1), value: 1500 }]);
  metrics.put(emf("ImagesProcessed"), "Sum", [{ timestamp: at(2), value: 12 }]);
  metrics.put(emf("ImageSizeBytes"), "Sum", [{ timestamp: at(2), value: 24_000_000 }]);
  metrics.put(emf("BytesSaved"), "Sum", [{ timestamp: at(2), value: 6_000_000 }]);
  // Older than the window: not counted.
  metrics.put(lambda(STACK.processorFunction, "Errors"), "Sum", [{ timestamp: at(30), value: 1 }]);
  metrics.put({ namespace: `Darkroom/${STACK.processorFunction}`, metricName: "LogErrors" }, "Sum", []);
  const sources = new FakeUsageSources();
  sources.functions.set(STACK.processorFunction, {
    name: STACK.processorFunction,
    memoryMb: 2048,
    architecture: "arm64",
  });
  sources.functions.set(STACK.apiFunction, { name: STACK.apiFunction, memoryMb: 512, architecture: "arm64" });
  sources.buckets.set(STACK.uploadsBucket, {
    name: STACK.uploadsBucket,
    sizeBytes: 24_000_000,
    objectCount: 12,
    complete: true,
  });
  sources.buckets.set(STACK.mediaBucket, {
    name: STACK.mediaBucket,
    sizeBytes: 9_000_000,
    objectCount: 60,
    complete: false,
  });
  sources.tables.set(STACK.imagesTable, { name: STACK.imagesTable, itemCount: 40, sizeBytes: 40_000 });
  // The stack's 12 alarms (one on a 10-second period), and another stack's.
  const alarms = new FakeAlarms();
  for (let i = 0; i < 11; i++) alarms.add(alarmNamed(`darkroom-alarm-${i}`));
  alarms.add(alarmNamed("darkroom-fast", { period: 10 }));
  alarms.add(alarmNamed("other-stack-errors"));
  // Its own dashboard, and another stack's whose name starts the same.
  sources.dashboardNames = ["darkroom", "darkroom-staging"];
  sources.storedBytes.set(STACK.logGroups.processor, 50_000);
  const logs = new FakeFunctionLogs();
  logs.events.set(STACK.logGroups.processor, [
    { timestamp: at(3), message: "héllo", logStreamName: "s" }, // 6 UTF-8 bytes
    { timestamp: at(30), message: "too old", logStreamName: "s" },
  ]);
  logs.events.set(STACK.logGroups.api, [{ timestamp: at(1), message: "1234567890", logStreamName: "s" }]);
  const measurement = new UsageMeasurementService(metrics, sources, logs, alarms, STACK, settings);
  return { metrics, sources, logs, alarms, costs: new CostsService(settings, measurement) };
}

describe("CostsService.measured", () => {
  it("reads the window's Lambda and EMF sums, the resources' sizes, and extrapolates them to a month", async () => {
    const { costs, metrics } = world();
    const result = await costs.measured(24, NOW);
    const factor = 730 / 24;
    expect(result).toMatchObject({
      basis: "measured",
      target: "local",
      window: { start: new Date(at(24)).toISOString(), end: new Date(NOW).toISOString(), hours: 24 },
      periodSeconds: 60,
    });
    expect(result.monthFactor).toBeCloseTo(factor, 12);
    expect(result.readings.functions).toEqual([
      {
        name: STACK.processorFunction,
        architecture: "arm64",
        memoryMb: 2048,
        invocationsSum: 12,
        durationMsSum: 18_000,
      },
      {
        name: STACK.apiFunction,
        architecture: "arm64",
        memoryMb: 512,
        invocationsSum: 30,
        durationMsSum: 1500,
      },
    ]);
    expect(result.readings.processor).toEqual({
      imagesProcessedSum: 12,
      imageSizeBytesSum: 24_000_000,
      bytesSavedSum: 6_000_000,
    });
    expect(result.readings.cloudwatch).toEqual({
      customMetrics: 4, // the three EMF metrics listed with the service dimension, and LogErrors
      standardAlarms: 11,
      highResolutionAlarms: 1,
      dashboards: 1,
      logIncomingBytesSum: 16,
      logStoredBytes: 50_000,
    });
    expect(result.readings.s3.buckets.map((b) => b.sizeBytes)).toEqual([24_000_000, 9_000_000]);
    expect(result.usage.lambda.functions[0]?.invocations).toBeCloseTo(12 * factor, 9);
    const lambdaLines = result.estimate.byService[0]!.lines;
    expect(lambdaLines[0]?.formula).toMatch(
      /^365 invocations; 365 requests × \$0\.20 per 1,000,000 requests/,
    );
    // All in one GetMetricData call over the window.
    expect(metrics.calls).toHaveLength(1);
    expect(metrics.calls[0]).toMatchObject({ start: new Date(at(24)), end: new Date(NOW) });
  });

  it("notes what the target does not publish, and the estimate says what it assumed instead", async () => {
    const { costs } = world();
    const result = await costs.measured(24, NOW);
    const status = Object.fromEntries(result.measurements.map((m) => [m.reading, m.status]));
    expect(status).toMatchObject({
      [`functions.${STACK.processorFunction}`]: "measured",
      "dynamodb.consumedCapacityUnits": "not measured",
      sns: "not measured",
      [`cloudwatch.logIncomingBytes.${STACK.logGroups.processor}`]: "measured",
      "s3.buckets": "partial",
      cloudfront: "not measured",
    });
    const dynamodb = result.measurements.find((m) => m.reading === "dynamodb.consumedCapacityUnits");
    expect(dynamodb?.detail).toBe(
      "the local target publishes no AWS/DynamoDB metric for the table (ListMetrics lists none)",
    );
    expect(result.readings.dynamodb).toEqual({ itemCount: 40, tableSizeBytes: 40_000 });
    expect(result.readings.sns).toEqual({});
    const assumptions = result.estimate.assumptions.join("\n");
    expect(assumptions).toContain("DynamoDB consumed read units not measured: ImagesProcessed × 2");
    expect(assumptions).toContain("SNS publishes not measured: counted as 0.");
    expect(result.estimate.totalFormula).toMatch(/^\$[\d.]+( \+ \$[\d.]+){6} = \$[\d.]+$/);
  });

  it("measures DynamoDB, SNS, log ingestion and S3 storage from the AWS metrics where the target publishes them", async () => {
    const { costs, metrics, sources } = world();
    const table = { TableName: STACK.imagesTable };
    metrics.put(
      { namespace: "AWS/DynamoDB", metricName: "ConsumedReadCapacityUnits", dimensions: table },
      "Sum",
      [{ timestamp: at(5), value: 100 }],
    );
    metrics.put(
      { namespace: "AWS/DynamoDB", metricName: "ConsumedWriteCapacityUnits", dimensions: table },
      "Sum",
      [{ timestamp: at(5), value: 240 }],
    );
    for (const topic of Object.values(STACK.topicNames)) {
      metrics.put(
        { namespace: "AWS/SNS", metricName: "NumberOfMessagesPublished", dimensions: { TopicName: topic } },
        "Sum",
        [{ timestamp: at(4), value: 2 }],
      );
    }
    sources.emails.set(STACK.topicNames.critical, 3);
    for (const group of Object.values(STACK.logGroups)) {
      metrics.put(
        { namespace: "AWS/Logs", metricName: "IncomingBytes", dimensions: { LogGroupName: group } },
        "Sum",
        [{ timestamp: at(4), value: 1000 }],
      );
    }
    const daily = (bucket: string, metricName: string, storageType: string, value: number) =>
      metrics.put(
        { namespace: "AWS/S3", metricName, dimensions: { BucketName: bucket, StorageType: storageType } },
        "Average",
        [{ timestamp: NOW - 86_400_000, value }],
      );
    daily(STACK.uploadsBucket, "BucketSizeBytes", "StandardStorage", 5e9);
    daily(STACK.uploadsBucket, "NumberOfObjects", "AllStorageTypes", 2500);
    daily(STACK.mediaBucket, "BucketSizeBytes", "StandardStorage", 2e9);

    const result = await costs.measured(24, NOW);
    expect(result.readings.dynamodb).toMatchObject({
      consumedReadCapacityUnitsSum: 100,
      consumedWriteCapacityUnitsSum: 240,
    });
    expect(result.readings.sns).toEqual({ publishedSum: 6, emailDeliveredSum: 6 });
    expect(result.readings.cloudwatch.logIncomingBytesSum).toBe(2000);
    expect(result.readings.s3.buckets).toEqual([
      { name: STACK.uploadsBucket, sizeBytes: 5e9, objectCount: 2500 },
      { name: STACK.mediaBucket, sizeBytes: 2e9, objectCount: 0 },
    ]);
    const status = Object.fromEntries(result.measurements.map((m) => [m.reading, m.status]));
    expect(status).toMatchObject({
      "dynamodb.consumedCapacityUnits": "measured",
      sns: "measured",
      "s3.buckets": "measured",
    });
    expect(result.estimate.assumptions.join("\n")).not.toContain("DynamoDB consumed");
  });

  it("prices Lambda as the aws target deploys it (arm64) when the target ran it on x86_64, and says so", async () => {
    const { costs, sources } = world();
    sources.functions.set(STACK.apiFunction, {
      name: STACK.apiFunction,
      memoryMb: 512,
      architecture: "x86_64",
    });
    const result = await costs.measured(24, NOW);
    expect(result.readings.functions[1]?.architecture).toBe("x86_64");
    expect(result.usage.lambda.functions.map((fn) => fn.architecture)).toEqual(["arm64", "arm64"]);
    expect(result.estimate.byService[0]?.lines[2]?.item).toBe(`${STACK.apiFunction}: requests (arm64)`);
    expect(result.estimate.assumptions).toContain(
      `Lambda is priced as arm64, the architecture the aws target deploys; ${STACK.apiFunction} ran on x86_64 here (the local target uses the host's).`,
    );
    const arm = await world().costs.measured(24, NOW);
    expect(arm.estimate.assumptions.join("\n")).not.toContain("Lambda is priced as");
  });

  it("refuses a region the price table lacks, with a 409", async () => {
    const other = loadAdminSettings({ DARKROOM_ADMIN_TOKEN: TOKEN, DARKROOM_REGION: "eu-west-3" });
    const { sources, metrics, logs, alarms } = world();
    const costs = new CostsService(
      other,
      new UsageMeasurementService(metrics, sources, logs, alarms, STACK, other),
    );
    const error = await costs.measured(1, NOW).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictException);
    expect(() => costs.prices()).toThrow(ConflictException);
  });
});

describe("CostsService.projection and prices", () => {
  const { costs } = world();

  it("prices N images through the synthetic model: the issue's example gives the hand-calculated $21.82", () => {
    const example = costs.projection(
      projectionQuerySchema.parse({ imagesPerMonth: "10000", processorMemoryMb: "1024" }),
    );
    expect(example.basis).toBe("synthetic");
    expect(example.knobs).toMatchObject({
      avgOriginalBytes: 2 * 1024 * 1024,
      variantsPerImage: 5,
      processorDurationMs: 1000,
    });
    expect(example.estimate.total.usd).toBe("21.82");
    const deployed = costs.projection(projectionQuerySchema.parse({ imagesPerMonth: "0" }));
    expect(deployed.knobs.processorMemoryMb).toBe(settings.infra.processor.memoryMb);
    expect(deployed.estimate.perThousandImages).toBeNull();
    expect(deployed.estimate.assumptions.join("\n")).toContain(
      `processorMemoryMb = ${settings.infra.processor.memoryMb}: the deployed processor's memory.`,
    );
  });

  it("bounds the image count", () => {
    expect(projectionQuerySchema.safeParse({ imagesPerMonth: "100000001" }).success).toBe(false);
    expect(projectionQuerySchema.safeParse({ imagesPerMonth: "-1" }).success).toBe(false);
    expect(projectionQuerySchema.safeParse({ imagesPerMonth: "1.5" }).success).toBe(false);
    expect(projectionQuerySchema.safeParse({ imagesPerMonth: "100000000" }).success).toBe(true);
  });

  it("lists the region's prices with the table's version, source date and the unverified ones", () => {
    const prices = costs.prices();
    expect(prices).toMatchObject({ region: "us-east-1", currency: "USD", version: expect.any(String) });
    expect(prices.sourceDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(prices.prices.map((p) => p.key)).toEqual([...PRICE_KEYS]);
    expect(prices.unverified.length).toBeGreaterThan(0);
    expect(prices.unverified).toEqual(
      unverifiedPrices({ prices: Object.fromEntries(prices.prices.map((p) => [p.key, p])) } as never),
    );
    expect(prices.refresh).toContain("does not call the Price List API");
  });
});

describe("the cost snapshot job", () => {
  // The runner's lines go to Nest's logger: quiet here, the app's JSON logger in production.
  Logger.overrideLogger(false);
  const jobWith = (costs: CostsService, kept = 2) => {
    const runner = new JobRunner(new SchedulerRegistry());
    const job = new CostSnapshotsJob(
      { ...settings, costs: { snapshotMs: 3_600_000, snapshotsKept: kept, windowHours: 24 } },
      costs,
      runner,
    );
    return { job, runner };
  };

  it("keeps the newest N summaries, oldest first", async () => {
    const { job } = jobWith(world().costs);
    for (const hour of [0, 1, 2])
      expect(await job.run(NOW + hour * HOUR)).toMatchObject({ kept: Math.min(hour + 1, 2) });
    const { snapshots, kept, everyMs, lastError } = job.list();
    expect({ kept, everyMs, lastError }).toEqual({ kept: 2, everyMs: 3_600_000, lastError: null });
    expect(snapshots.map((s) => s.takenAt)).toEqual([
      new Date(NOW + HOUR).toISOString(),
      new Date(NOW + 2 * HOUR).toISOString(),
    ]);
    expect(snapshots[0]?.byService).toHaveLength(7);
    expect(snapshots[0]?.notMeasured).toContain("dynamodb.consumedCapacityUnits");
  });

  it("runs through the JobRunner, which never overlaps it; a failed run is kept as lastError", async () => {
    const { costs } = world();
    let release = () => {};
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    const original = costs.measured.bind(costs);
    costs.measured = async (hours, now) => {
      await slow;
      return original(hours, now);
    };
    const { job, runner } = jobWith(costs);
    const first = runner.run(job);
    expect(await runner.run(job)).toBe("skipped");
    release();
    expect(await first).toBe("ok");
    costs.measured = async () => {
      throw new Error("CloudWatch is down");
    };
    expect(await runner.run(job)).toBe("error");
    expect(job.list().lastError).toMatchObject({ message: "CloudWatch is down" });
    expect(job.list().snapshots).toHaveLength(1);
  });
});
