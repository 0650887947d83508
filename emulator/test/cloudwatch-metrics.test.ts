import {
  type Datapoint,
  type Dimension,
  GetMetricStatisticsCommand,
  type GetMetricStatisticsCommandInput,
  ListMetricsCommand,
  type MetricDatum,
  PutMetricDataCommand,
} from "@aws-sdk/client-cloudwatch";
import { afterAll, describe, expect, it } from "vitest";
import { uniqueName } from "./support/clients.ts";
import { cloudWatchClient } from "./support/cloudwatch.ts";
import { minutesAgo } from "./support/cloudwatch-metrics.ts";
import { expectAwsError } from "./support/expect-aws-error.ts";

/*
 * PutMetricData, GetMetricStatistics and ListMetrics through the JS SDK (awsJson1_0) on the
 * shared emulator. Data goes a few minutes back, at known offsets within whole minutes.
 */

const cloudwatch = cloudWatchClient();
afterAll(() => cloudwatch.destroy());

const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000);

async function put(namespace: string, data: MetricDatum[]) {
  await cloudwatch.send(new PutMetricDataCommand({ Namespace: namespace, MetricData: data }));
}

async function statistics(
  input: Partial<GetMetricStatisticsCommandInput> & { Namespace: string },
): Promise<Datapoint[]> {
  const out = await cloudwatch.send(
    new GetMetricStatisticsCommand({
      MetricName: "M",
      StartTime: minutesAgo(30),
      EndTime: new Date(),
      Period: 60,
      Statistics: ["SampleCount", "Sum", "Average", "Minimum", "Maximum"],
      ...input,
    }),
  );
  expect(out.Label).toBe(input.MetricName ?? "M");
  return out.Datapoints ?? [];
}

const summary = (d: Datapoint) => [
  d.Timestamp?.getTime(),
  d.SampleCount,
  d.Sum,
  d.Average,
  d.Minimum,
  d.Maximum,
];

describe("PutMetricData and GetMetricStatistics", () => {
  it("aggregates single values, statistic sets and Values/Counts into each period", async () => {
    const ns = uniqueName("Stats");
    const base = minutesAgo(10);
    await put(ns, [
      { MetricName: "M", Value: 10, Timestamp: at(base, 5), Unit: "Count" },
      { MetricName: "M", Value: 20, Timestamp: at(base, 30), Unit: "Count" },
      {
        MetricName: "M",
        StatisticValues: { SampleCount: 4, Sum: 40, Minimum: 5, Maximum: 15 },
        Timestamp: at(base, 70),
        Unit: "Count",
      },
      { MetricName: "M", Values: [1, 2, 3], Counts: [1, 1, 2], Timestamp: at(base, 130), Unit: "Count" },
    ]);
    const minutes = await statistics({ Namespace: ns, StartTime: base, EndTime: at(base, 300) });
    expect(minutes.map(summary)).toEqual([
      [base.getTime(), 2, 30, 15, 10, 20],
      [at(base, 60).getTime(), 4, 40, 10, 5, 15],
      [at(base, 120).getTime(), 4, 9, 2.25, 1, 3],
    ]);
    expect(minutes.every((d) => d.Unit === "Count")).toBe(true);

    const fiveMinutes = await statistics({
      Namespace: ns,
      StartTime: base,
      EndTime: at(base, 300),
      Period: 300,
    });
    expect(fiveMinutes.map(summary)).toEqual([[base.getTime(), 10, 79, 7.9, 1, 20]]);
    // Only the statistics asked for come back.
    const [sumOnly] = await statistics({
      Namespace: ns,
      StartTime: base,
      EndTime: at(base, 60),
      Statistics: ["Sum"],
    });
    expect(sumOnly).toEqual({ Timestamp: base, Sum: 30, Unit: "Count" });
  });

  it("rounds StartTime down to the minute; EndTime is exclusive", async () => {
    const ns = uniqueName("Rounding");
    const base = minutesAgo(10);
    await put(ns, [
      { MetricName: "M", Value: 1, Timestamp: at(base, 10) },
      { MetricName: "M", Value: 2, Timestamp: at(base, 60) },
    ]);
    const points = await statistics({ Namespace: ns, StartTime: at(base, 30), EndTime: at(base, 60) });
    expect(points.map(summary)).toEqual([[base.getTime(), 1, 1, 1, 1, 1]]);
  });

  it("computes percentiles exactly for a small distribution", async () => {
    const ns = uniqueName("Exact");
    const base = minutesAgo(10);
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    await put(ns, [{ MetricName: "M", Values: values, Timestamp: at(base, 1), Unit: "Milliseconds" }]);
    const [point] = await statistics({
      Namespace: ns,
      StartTime: base,
      EndTime: at(base, 60),
      Statistics: undefined,
      ExtendedStatistics: ["p50", "p95", "p99", "p99.9", "p100"],
    });
    expect(point).toEqual({
      Timestamp: base,
      Unit: "Milliseconds",
      ExtendedStatistics: { p50: 50, p95: 95, p99: 99, "p99.9": 100, p100: 100 },
    });
  });

  it("keeps percentiles of a large distribution within 1%", async () => {
    const ns = uniqueName("Sketch");
    const base = minutesAgo(10);
    // 1..1000 in datums of at most 150 values, shuffled in time within the minute.
    const data: MetricDatum[] = [];
    for (let from = 1; from <= 1000; from += 150) {
      const values = Array.from({ length: Math.min(150, 1001 - from) }, (_, i) => from + i);
      data.push({ MetricName: "M", Values: values.reverse(), Timestamp: at(base, (from * 7) % 59) });
    }
    await put(ns, data);
    const [point] = await statistics({
      Namespace: ns,
      StartTime: base,
      EndTime: at(base, 60),
      Statistics: undefined,
      ExtendedStatistics: ["p50", "p95", "p99"],
    });
    const p = point!.ExtendedStatistics!;
    expect(Math.abs(p.p50! - 500) / 500).toBeLessThanOrEqual(0.01);
    expect(Math.abs(p.p95! - 950) / 950).toBeLessThanOrEqual(0.01);
    expect(Math.abs(p.p99! - 990) / 990).toBeLessThanOrEqual(0.01);
    // The simple statistics stay exact.
    const [exact] = await statistics({ Namespace: ns, StartTime: base, EndTime: at(base, 60) });
    expect(summary(exact!)).toEqual([base.getTime(), 1000, 500500, 500.5, 1, 1000]);
  });

  it("has no percentiles for statistic sets of distinct values or for negative values", async () => {
    const ns = uniqueName("NoPercentiles");
    const base = minutesAgo(10);
    await put(ns, [
      {
        MetricName: "Set",
        StatisticValues: { SampleCount: 2, Sum: 3, Minimum: 1, Maximum: 2 },
        Timestamp: at(base, 1),
      },
      {
        MetricName: "Same",
        StatisticValues: { SampleCount: 3, Sum: 6, Minimum: 2, Maximum: 2 },
        Timestamp: at(base, 1),
      },
      { MetricName: "Negative", Values: [-1, 5], Timestamp: at(base, 1) },
    ]);
    const percentiles = async (name: string) => {
      const [point] = await statistics({
        Namespace: ns,
        MetricName: name,
        StartTime: base,
        EndTime: at(base, 60),
        Statistics: undefined,
        ExtendedStatistics: ["p50"],
      });
      return point?.ExtendedStatistics;
    };
    expect(await percentiles("Set")).toEqual({});
    // A set of equal values still says what they were.
    expect(await percentiles("Same")).toEqual({ p50: 2 });
    expect(await percentiles("Negative")).toEqual({});
  });

  it("keeps units apart: one datapoint per unit, or only the unit asked for", async () => {
    const ns = uniqueName("Units");
    const base = minutesAgo(10);
    await put(ns, [
      { MetricName: "M", Value: 60_000, Unit: "Milliseconds", Timestamp: at(base, 1) },
      { MetricName: "M", Value: 60, Unit: "Seconds", Timestamp: at(base, 2) },
      { MetricName: "M", Value: 5, Timestamp: at(base, 3) },
    ]);
    const all = await statistics({
      Namespace: ns,
      StartTime: base,
      EndTime: at(base, 60),
      Statistics: ["Sum"],
    });
    expect(all.map((d) => [d.Unit, d.Sum]).sort()).toEqual([
      ["Milliseconds", 60_000],
      ["None", 5],
      ["Seconds", 60],
    ]);
    const seconds = await statistics({
      Namespace: ns,
      StartTime: base,
      EndTime: at(base, 60),
      Statistics: ["Sum"],
      Unit: "Seconds",
    });
    expect(seconds.map((d) => [d.Unit, d.Sum])).toEqual([["Seconds", 60]]);
    const none = await statistics({ Namespace: ns, StartTime: base, EndTime: at(base, 60), Unit: "Bytes" });
    expect(none).toEqual([]);
  });

  it("identifies a metric by its whole dimension set, in any order", async () => {
    const ns = uniqueName("Dims");
    const base = minutesAgo(10);
    const dims: Dimension[] = [
      { Name: "Stage", Value: "prod" },
      { Name: "Api", Value: "upload" },
    ];
    await put(ns, [
      { MetricName: "M", Value: 1, Dimensions: dims, Timestamp: at(base, 1) },
      { MetricName: "M", Value: 2, Dimensions: [dims[0]!], Timestamp: at(base, 1) },
      { MetricName: "M", Value: 4, Timestamp: at(base, 1) },
    ]);
    const sum = async (dimensions: Dimension[]) =>
      (await statistics({ Namespace: ns, StartTime: base, EndTime: at(base, 60), Dimensions: dimensions }))[0]
        ?.Sum;
    expect(await sum([...dims].reverse())).toBe(1);
    expect(await sum([dims[0]!])).toBe(2);
    expect(await sum([])).toBe(4);
    expect(await sum([{ Name: "Api", Value: "upload" }])).toBeUndefined();
  });

  it("keeps high-resolution data per second, and regular data per minute", async () => {
    const ns = uniqueName("HighRes");
    const base = minutesAgo(10);
    await put(ns, [
      { MetricName: "Fast", Value: 1, StorageResolution: 1, Timestamp: at(base, 1) },
      { MetricName: "Fast", Value: 2, StorageResolution: 1, Timestamp: at(base, 1.5) },
      { MetricName: "Fast", Value: 3, StorageResolution: 1, Timestamp: at(base, 12) },
      { MetricName: "Slow", Value: 7, StorageResolution: 60, Timestamp: at(base, 12) },
    ]);
    const window = { StartTime: base, EndTime: at(base, 60), Statistics: ["Sum" as const] };
    const fast = (period: number) =>
      statistics({ Namespace: ns, MetricName: "Fast", Period: period, ...window });
    expect((await fast(1)).map((d) => [d.Timestamp?.getTime(), d.Sum])).toEqual([
      [at(base, 1).getTime(), 3],
      [at(base, 12).getTime(), 3],
    ]);
    expect((await fast(10)).map((d) => [d.Timestamp?.getTime(), d.Sum])).toEqual([
      [base.getTime(), 3],
      [at(base, 10).getTime(), 3],
    ]);
    expect((await fast(60)).map((d) => d.Sum)).toEqual([6]);
    // Regular data has no finer resolution than its minute.
    const slow = await statistics({ Namespace: ns, MetricName: "Slow", Period: 10, ...window });
    expect(slow.map((d) => [d.Timestamp?.getTime(), d.Sum])).toEqual([[base.getTime(), 7]]);
  });
});

describe("errors, with AWS's codes and the query error header", () => {
  const refused = async (promise: Promise<unknown>, code: string, message: string | RegExp) => {
    const err = await expectAwsError(promise, code, 400, message);
    expect(err.$response?.headers["x-amzn-query-error"]).toBe(`${code};Sender`);
  };
  const putOne = (datum: Partial<MetricDatum>, namespace = "Errors") =>
    cloudwatch.send(
      new PutMetricDataCommand({ Namespace: namespace, MetricData: [{ MetricName: "M", ...datum }] }),
    );

  it("PutMetricData", async () => {
    await refused(
      putOne({ Value: 1, Values: [1] }),
      "InvalidParameterCombination",
      "The parameters MetricData.member.1.Value and MetricData.member.1.Values are mutually exclusive and you have specified both.",
    );
    await refused(
      putOne({ Value: 1, StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1 } }),
      "InvalidParameterCombination",
      "The parameters MetricData.member.1.Value and MetricData.member.1.StatisticValues are mutually exclusive and you have specified both.",
    );
    await refused(
      putOne({ Values: [1, 2], Counts: [1] }),
      "InvalidParameterValue",
      "The parameters MetricData.member.1.Values and MetricData.member.1.Counts must be of the same size.",
    );
    await refused(
      putOne({ Value: Number.NaN }),
      "InvalidParameterValue",
      "The value NaN for parameter MetricData.member.1.Value is invalid.",
    );
    await refused(
      putOne({ Values: [1, Number.POSITIVE_INFINITY] }),
      "InvalidParameterValue",
      "The value Infinity for parameter MetricData.member.1.Values.member.2 is invalid.",
    );
    await refused(
      putOne({ Value: 1, Timestamp: new Date(Date.now() - 15 * 24 * 3_600_000) }),
      "InvalidParameterValue",
      "The parameter MetricData.member.1.Timestamp must specify a time within the past two weeks.",
    );
    await refused(
      putOne({ Value: 1, Timestamp: new Date(Date.now() + 3 * 3_600_000) }),
      "InvalidParameterValue",
      /MetricData\.member\.1\.Timestamp .*two hours in the future/,
    );
    await refused(
      putOne({ Value: 1, StorageResolution: 30 }),
      "InvalidParameterValue",
      "The value 30 for parameter MetricData.member.1.StorageResolution is invalid.",
    );
    await refused(
      putOne({ StatisticValues: { SampleCount: 2, Sum: 3, Minimum: 4, Maximum: 1 } }),
      "InvalidParameterValue",
      /StatisticValues\.Maximum must be greater than/,
    );
    await refused(
      putOne({ Value: 1 }, "AWS/Mine"),
      "InvalidParameterValue",
      "The value AWS/Mine for parameter Namespace is invalid.",
    );
    await refused(
      putOne({ MetricName: undefined, Value: 1 }),
      "MissingParameter",
      "The parameter MetricData.member.1.MetricName is required.",
    );
    await refused(
      putOne({}),
      "MissingParameter",
      /At least one of the parameters MetricData\.member\.1\.Value/,
    );
    await refused(
      cloudwatch.send(
        new PutMetricDataCommand({
          Namespace: "Errors",
          MetricData: Array.from({ length: 1001 }, () => ({ MetricName: "M", Value: 1 })),
        }),
      ),
      "InvalidParameterValue",
      "The collection MetricData must not have a size greater than 1000.",
    );
    await refused(
      putOne({ Value: 1, Unit: "Parsecs" as "Count" }),
      "ValidationError",
      /Member must satisfy enum value set/,
    );
  });

  it("GetMetricStatistics", async () => {
    const now = Date.now();
    const ask = (input: Partial<GetMetricStatisticsCommandInput>) =>
      cloudwatch.send(
        new GetMetricStatisticsCommand({
          Namespace: "Errors",
          MetricName: "M",
          StartTime: new Date(now - 3_600_000),
          EndTime: new Date(now),
          Period: 60,
          Statistics: ["Sum"],
          ...input,
        }),
      );
    await refused(
      ask({ StartTime: new Date(now - 86_400_000), EndTime: new Date(now + 60_000), Period: 60 }),
      "InvalidParameterCombination",
      "You have requested up to 1441 datapoints, which exceeds the limit of 1440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.",
    );
    await refused(
      ask({ StartTime: new Date(now), EndTime: new Date(now) }),
      "InvalidParameterValue",
      "The parameter StartTime must be less than the parameter EndTime.",
    );
    await refused(
      ask({ ExtendedStatistics: ["p99"] }),
      "InvalidParameterCombination",
      "The parameters Statistics and ExtendedStatistics are mutually exclusive and you have specified both.",
    );
    await refused(
      ask({ Statistics: undefined }),
      "MissingParameter",
      "At least one of the parameters Statistics or ExtendedStatistics must be specified.",
    );
    await refused(
      ask({ Statistics: undefined, ExtendedStatistics: ["p101"] }),
      "InvalidParameterValue",
      "The value p101 for parameter ExtendedStatistics is invalid.",
    );
    await refused(ask({ Period: 45 }), "InvalidParameterValue", /The parameter Period must be/);
    await refused(
      ask({ MetricName: undefined }),
      "MissingParameter",
      "The parameter MetricName is required.",
    );
  });
});

describe("ListMetrics", () => {
  it("filters by namespace, name and dimensions (a name alone matches any value)", async () => {
    const ns = uniqueName("List");
    await put(ns, [
      {
        MetricName: "Latency",
        Value: 1,
        Dimensions: [
          { Name: "Stage", Value: "prod" },
          { Name: "Api", Value: "get" },
        ],
      },
      { MetricName: "Latency", Value: 1, Dimensions: [{ Name: "Stage", Value: "dev" }] },
      { MetricName: "Errors", Value: 1 },
    ]);
    const list = async (input: object) =>
      (await cloudwatch.send(new ListMetricsCommand({ Namespace: ns, ...input }))).Metrics?.map((m) => [
        m.MetricName,
        m.Dimensions?.map((d) => `${d.Name}=${d.Value}`).join(","),
      ]);
    // Sorted by name then dimensions, each metric's dimensions sorted by name.
    expect(await list({})).toEqual([
      ["Errors", ""],
      ["Latency", "Api=get,Stage=prod"],
      ["Latency", "Stage=dev"],
    ]);
    expect(await list({ MetricName: "Errors" })).toEqual([["Errors", ""]]);
    expect(await list({ Dimensions: [{ Name: "Stage" }] })).toEqual([
      ["Latency", "Api=get,Stage=prod"],
      ["Latency", "Stage=dev"],
    ]);
    expect(await list({ Dimensions: [{ Name: "Stage", Value: "dev" }] })).toEqual([["Latency", "Stage=dev"]]);
    expect(await list({ Dimensions: [{ Name: "Api" }, { Name: "Stage", Value: "dev" }] })).toEqual([]);
    expect(await list({ RecentlyActive: "PT3H" })).toHaveLength(3);
    const linked = await cloudwatch.send(
      new ListMetricsCommand({ Namespace: ns, IncludeLinkedAccounts: true }),
    );
    expect(linked.OwningAccounts).toEqual(["000000000000", "000000000000", "000000000000"]);
  });

  it("pages 500 metrics at a time", async () => {
    const ns = uniqueName("Paging");
    const data = Array.from({ length: 1000 }, (_, i) => ({
      MetricName: "M",
      Value: i,
      Dimensions: [{ Name: "N", Value: String(i).padStart(4, "0") }],
    }));
    await put(ns, data);
    await put(ns, [{ MetricName: "Z", Value: 1 }]);
    const first = await cloudwatch.send(new ListMetricsCommand({ Namespace: ns }));
    expect(first.Metrics).toHaveLength(500);
    const second = await cloudwatch.send(
      new ListMetricsCommand({ Namespace: ns, NextToken: first.NextToken }),
    );
    expect(second.Metrics).toHaveLength(500);
    const third = await cloudwatch.send(
      new ListMetricsCommand({ Namespace: ns, NextToken: second.NextToken }),
    );
    expect(third.Metrics?.map((m) => m.MetricName)).toEqual(["Z"]);
    expect(third.NextToken).toBeUndefined();
    const names = [...first.Metrics!, ...second.Metrics!].map((m) => m.Dimensions?.[0]?.Value);
    expect(names).toEqual(data.map((d) => d.Dimensions[0]!.Value));
    await expectAwsError(
      cloudwatch.send(new ListMetricsCommand({ Namespace: `${ns}-other`, NextToken: first.NextToken })),
      "InvalidParameterValue",
      400,
    );
  });
});
