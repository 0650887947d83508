import { stat } from "node:fs/promises";
import { join } from "node:path";
import {
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
  PutMetricDataCommand,
} from "@aws-sdk/client-cloudwatch";
import { describe, expect, it, onTestFinished } from "vitest";
import { startEmulator } from "../src/index.ts";
import { MAX_BINS } from "../src/metrics/distribution.ts";
import { type MetricSample, MetricStore, type MetricStoreOptions } from "../src/metrics/metric-store.ts";
import { computeStatistic } from "../src/metrics/statistics.ts";
import { StateStore } from "../src/state/store.ts";
import { cloudWatchClient } from "./support/cloudwatch.ts";
import { minutesAgo } from "./support/cloudwatch-metrics.ts";
import { tempDir } from "./support/temp-dir.ts";

const SCOPE = { accountId: "000000000000", region: "us-east-1" };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** A fixed "now" for stores on a test clock: 10:00 UTC. */
const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);

async function startedEmulator(stateDir: string) {
  const emulator = await startEmulator({ port: 0, persist: true, stateDir });
  const cloudwatch = cloudWatchClient(emulator.url);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    cloudwatch.destroy();
    await emulator.stop();
  };
  onTestFinished(stop);
  return { emulator, cloudwatch, stop };
}

/** A store on a clock the test moves. */
function storeOn(state: StateStore, start: number, options: Partial<MetricStoreOptions> = {}) {
  const clock = { now: start };
  const store = new MetricStore(state, { now: () => clock.now, ...options });
  return { store, clock };
}

function sample(time: number, values: number[], extra: Partial<MetricSample> = {}): MetricSample {
  return {
    namespace: "Store",
    metricName: "M",
    dimensions: [],
    unit: "Count",
    timestamp: time,
    highResolution: false,
    contribution: { kind: "values", values },
    ...extra,
  };
}

/** [period start, SampleCount, Sum, p50] of the series over everything stored. */
function read(store: MetricStore, periodMs: number, metricName = "M") {
  const series = store.findSeries(SCOPE, "Store", metricName, []);
  if (!series) return [];
  return store.periods(series, { start: 0, end: Number.MAX_SAFE_INTEGER, periodMs }).map((p) => {
    const parts = p.units.get("Count")!;
    return [
      p.time,
      computeStatistic({ kind: "simple", name: "SampleCount" }, parts),
      computeStatistic({ kind: "simple", name: "Sum" }, parts),
      computeStatistic({ kind: "percentile", p: 50 }, parts),
    ];
  });
}

describe("persistence", () => {
  it("keeps metric data across a restart of a persistent emulator", async () => {
    const stateDir = await tempDir();
    const base = minutesAgo(10);
    const first = await startedEmulator(stateDir);
    await first.cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: "Persist",
        MetricData: [
          {
            MetricName: "Latency",
            Values: [5, 10, 15],
            Timestamp: base,
            Unit: "Milliseconds",
            Dimensions: [{ Name: "Api", Value: "a" }],
          },
          {
            MetricName: "Latency",
            Value: 20,
            Timestamp: new Date(base.getTime() + 61_000),
            Unit: "Milliseconds",
            Dimensions: [{ Name: "Api", Value: "a" }],
          },
          { MetricName: "Fast", Value: 1, StorageResolution: 1, Timestamp: new Date(base.getTime() + 3_000) },
        ],
      }),
    );
    const ask = (client: typeof first.cloudwatch) =>
      Promise.all([
        client.send(
          new GetMetricStatisticsCommand({
            Namespace: "Persist",
            MetricName: "Latency",
            Dimensions: [{ Name: "Api", Value: "a" }],
            StartTime: base,
            EndTime: new Date(),
            Period: 60,
            ExtendedStatistics: ["p50"],
          }),
        ),
        client.send(
          new GetMetricDataCommand({
            StartTime: base,
            EndTime: new Date(),
            MetricDataQueries: [
              {
                Id: "f",
                MetricStat: { Metric: { Namespace: "Persist", MetricName: "Fast" }, Period: 1, Stat: "Sum" },
              },
            ],
          }),
        ),
        client.send(new ListMetricsCommand({ Namespace: "Persist" })),
      ]).then(([s, d, l]) => [s.Datapoints, d.MetricDataResults, l.Metrics]);
    const before = await ask(first.cloudwatch);
    expect(before[0]).toHaveLength(2);
    expect(before[1]?.[0]).toMatchObject({ Values: [1], Timestamps: [new Date(base.getTime() + 3_000)] });
    await first.stop();

    const second = await startedEmulator(stateDir);
    expect(await ask(second.cloudwatch)).toEqual(before);
  });
});

describe("retention", () => {
  it("drops 1-second buckets after 3 hours, rolls minutes into hours after 24, drops all after 15 days", async () => {
    const { store, clock } = storeOn(StateStore.memory(), T0);
    // Regular data in three minutes of 09:00-10:00; high-resolution data at 09:50:01.
    store.record(SCOPE, [
      sample(T0 - 50 * MINUTE, [1, 2, 3]),
      sample(T0 - 45 * MINUTE, [4]),
      sample(T0 - 30 * MINUTE, [5, 6]),
      sample(T0 - 10 * MINUTE + 1_000, [7], { highResolution: true }),
    ]);
    const hour = T0 - HOUR;
    expect(read(store, 1_000).map((p) => p[0])).toContain(T0 - 10 * MINUTE + 1_000);
    expect(read(store, MINUTE)).toHaveLength(4);

    clock.now = T0 + 3 * HOUR;
    store.expire();
    // The high-resolution second is gone; its minute stays (and regular minutes show at minute starts).
    expect(read(store, 1_000).map((p) => p[0])).not.toContain(T0 - 10 * MINUTE + 1_000);
    expect(read(store, MINUTE)).toEqual([
      [T0 - 50 * MINUTE, 3, 6, 2],
      [T0 - 45 * MINUTE, 1, 4, 4],
      [T0 - 30 * MINUTE, 2, 11, 5],
      [T0 - 10 * MINUTE, 1, 7, 7],
    ]);

    // 09:00-10:00 is still within 24 hours at 09:59 the next day...
    clock.now = T0 + DAY - MINUTE;
    store.expire();
    expect(read(store, MINUTE)).toHaveLength(4);
    // ...and rolled up into one hour once all of it is older than that.
    clock.now = T0 + DAY;
    store.expire();
    expect(read(store, MINUTE)).toEqual([[hour, 7, 28, 4]]);
    expect(read(store, HOUR)).toEqual([[hour, 7, 28, 4]]);
    expect(store.stats().buckets).toBe(1);

    // Late data for a rolled-up hour goes to the hour directly.
    store.record(SCOPE, [sample(hour + 5 * MINUTE, [100])]);
    expect(read(store, HOUR)).toEqual([[hour, 8, 128, 4]]);

    clock.now = hour + 15 * DAY + 1;
    store.expire();
    expect(read(store, HOUR)).toEqual([]);
    expect(store.listSeries(SCOPE)).toEqual([]);
    expect(store.stats()).toEqual({ series: 0, buckets: 0, bytes: 0 });
  });

  it("refuses to keep what is already past retention", () => {
    const { store } = storeOn(StateStore.memory(), T0);
    store.record(SCOPE, [sample(T0 - 16 * DAY, [1])]);
    expect(store.stats().series).toBe(0);
  });

  it("persists expiry and rollups", async () => {
    const dir = await tempDir();
    const first = await StateStore.open(dir);
    const a = storeOn(first, T0);
    a.store.record(SCOPE, [sample(T0 - 50 * MINUTE, [1, 2, 3]), sample(T0 - 30 * MINUTE, [4])]);
    a.clock.now = T0 + DAY + HOUR;
    a.store.expire();
    await first.flush();
    await first.close();

    const second = await StateStore.open(dir);
    onTestFinished(() => second.close());
    const b = storeOn(second, T0 + DAY + HOUR);
    expect(read(b.store, HOUR)).toEqual([[T0 - HOUR, 4, 10, 2]]);
    expect(b.store.findSeries(SCOPE, "Store", "M", [])?.buckets.m.size).toBe(0);
    expect(b.store.stats()).toEqual(a.store.stats());
  });

  it("runs expiry on a timer that does not keep the process alive, until stopped", () => {
    const { store } = storeOn(StateStore.memory(), T0);
    store.startExpiry(60_000);
    const timer = (store as unknown as { timer: NodeJS.Timeout | null }).timer;
    expect(timer?.hasRef()).toBe(false);
    store.stopExpiry();
    expect((store as unknown as { timer: NodeJS.Timeout | null }).timer).toBeNull();
  });
});

describe("bounded storage", () => {
  it("stays under maxBytes with many series: the least recently written go first", async () => {
    const dir = await tempDir();
    const state = await StateStore.open(dir, { preallocateBytes: 0 });
    onTestFinished(() => state.close());
    const maxBytes = 512 * 1024;
    const { store, clock } = storeOn(state, T0, { maxBytes });
    for (let i = 0; i < 3000; i++) {
      clock.now = T0 + i;
      store.record(SCOPE, [
        sample(T0 - 10 * MINUTE, [i, i + 1, i + 2], { metricName: `S${i}` }),
        sample(T0 - 9 * MINUTE, [i], { metricName: `S${i}` }),
      ]);
      expect(store.stats().bytes).toBeLessThanOrEqual(maxBytes);
    }
    const kept = store.listSeries(SCOPE).map((s) => Number(s.metricName.slice(1)));
    expect(kept.length).toBeGreaterThan(100);
    expect(kept.length).toBeLessThan(3000);
    // The newest series are all there.
    expect(Math.min(...kept)).toBe(3000 - kept.length);
    // On disk: the live records (compaction drops the rest) fit in the bound.
    await state.flush();
    await state.compact();
    const size = (await stat(join(dir, "state.log"))).size;
    expect(size).toBeLessThanOrEqual(maxBytes + 4096);
  });

  it("keeps a bucket's distribution to a bounded number of bins, and writes one record per bucket per call", async () => {
    const dir = await tempDir();
    const state = await StateStore.open(dir, { preallocateBytes: 0 });
    onTestFinished(() => state.close());
    const { store } = storeOn(state, T0);
    const logSize = async () => {
      await state.flush();
      return (await stat(join(dir, "state.log"))).size;
    };
    const before = await logSize();
    // 100,000 distinct values over 12 decades, in one call into one minute.
    const values = Array.from({ length: 100_000 }, (_, i) => 10 ** ((i / 100_000) * 12 - 3));
    store.record(SCOPE, [sample(T0 - 10 * MINUTE, values)]);
    const grown = (await logSize()) - before;
    const series = store.findSeries(SCOPE, "Store", "M", [])!;
    const [aggregate] = series.buckets.m.get(T0 - 10 * MINUTE)!;
    expect(aggregate!.d?.k?.length).toBeLessThanOrEqual(MAX_BINS);
    // One bucket row (and the series row), not a record per value.
    expect(grown).toBeLessThan(16 * 1024);
    // High percentiles keep their 1% accuracy even though low bins were merged.
    const p99 = computeStatistic({ kind: "percentile", p: 99 }, [aggregate!])!;
    const exact = values[Math.ceil(0.99 * values.length) - 1]!;
    expect(Math.abs(p99 - exact) / exact).toBeLessThanOrEqual(0.01);
  });
});
