import {
  GetMetricDataCommand,
  type GetMetricDataCommandInput,
  type MetricDataQuery,
  type MetricDataResult,
  PutMetricDataCommand,
} from "@aws-sdk/client-cloudwatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueName } from "./support/clients.ts";
import { cloudWatchClient } from "./support/cloudwatch.ts";
import { minutesAgo } from "./support/cloudwatch-metrics.ts";
import { expectAwsError } from "./support/expect-aws-error.ts";

/*
 * GetMetricData through the JS SDK: metric stats, labels, units, extended statistics,
 * pagination, and metric math (each supported function) over two small series:
 *   m1 (Requests): minute 0: 1, 1: 2, 3: 4, 4: 5 (nothing in minute 2)
 *   m2 (Errors):   minute 0: 10, 2: 0, 4: 2
 */

const cloudwatch = cloudWatchClient();
afterAll(() => cloudwatch.destroy());

const ns = uniqueName("Math");
const base = minutesAgo(20);
const t = (minute: number) => new Date(base.getTime() + minute * 60_000);

beforeAll(async () => {
  const point = (name: string, minute: number, value: number) => ({
    MetricName: name,
    Value: value,
    Timestamp: new Date(t(minute).getTime() + 5_000),
  });
  await cloudwatch.send(
    new PutMetricDataCommand({
      Namespace: ns,
      MetricData: [
        point("Requests", 0, 1),
        point("Requests", 1, 2),
        point("Requests", 3, 4),
        point("Requests", 4, 5),
        point("Errors", 0, 10),
        point("Errors", 2, 0),
        point("Errors", 4, 2),
        { MetricName: "Latency", Values: Array.from({ length: 100 }, (_, i) => i + 1), Timestamp: t(0) },
      ],
    }),
  );
});

const stat = (
  id: string,
  metricName: string,
  extra: Partial<MetricDataQuery> = {},
  statName = "Sum",
): MetricDataQuery => ({
  Id: id,
  MetricStat: { Metric: { Namespace: ns, MetricName: metricName }, Period: 60, Stat: statName },
  ...extra,
});
const hidden = { ReturnData: false };
const inputs = [stat("m1", "Requests", hidden), stat("m2", "Errors", hidden)];

async function data(queries: MetricDataQuery[], extra: Partial<GetMetricDataCommandInput> = {}) {
  return cloudwatch.send(
    new GetMetricDataCommand({
      MetricDataQueries: queries,
      StartTime: base,
      EndTime: t(5),
      ScanBy: "TimestampAscending",
      ...extra,
    }),
  );
}

/** [minute, value] pairs of a result. */
const points = (r: MetricDataResult | undefined) =>
  (r?.Timestamps ?? []).map((ts, i) => [(ts.getTime() - base.getTime()) / 60_000, r!.Values![i]]);

async function expression(text: string): Promise<Array<Array<number | undefined>>> {
  const out = await data([...inputs, { Id: "e1", Expression: text }]);
  expect(out.MetricDataResults).toHaveLength(1);
  expect(out.MetricDataResults?.[0]?.StatusCode).toBe("Complete");
  return points(out.MetricDataResults?.[0]);
}

describe("GetMetricData metric stats", () => {
  it("returns newest first by default, labels by metric name, and an empty Messages list", async () => {
    const out = await cloudwatch.send(
      new GetMetricDataCommand({
        MetricDataQueries: [stat("m1", "Requests")],
        StartTime: base,
        EndTime: t(5),
      }),
    );
    expect(out.Messages).toEqual([]);
    expect(out.NextToken).toBeUndefined();
    const [r] = out.MetricDataResults!;
    expect(r).toMatchObject({ Id: "m1", Label: "Requests", StatusCode: "Complete" });
    expect(points(r)).toEqual([
      [4, 5],
      [3, 4],
      [1, 2],
      [0, 1],
    ]);
  });

  it("adds the statistic and the period to default labels where the queries differ in them", async () => {
    const labels = async (queries: MetricDataQuery[]) =>
      (await data(queries)).MetricDataResults?.map((r) => r.Label);
    const period = (q: MetricDataQuery, p: number) => ({ ...q, MetricStat: { ...q.MetricStat!, Period: p } });
    expect(await labels([stat("a", "Requests"), stat("b", "Requests", {}, "Minimum")])).toEqual([
      "Requests Sum",
      "Requests Minimum",
    ]);
    expect(await labels([stat("a", "Requests"), period(stat("b", "Requests"), 120)])).toEqual([
      "Requests 60",
      "Requests 120",
    ]);
    expect(await labels([stat("a", "Requests", { Label: "mine" }), stat("b", "Errors")])).toEqual([
      "mine",
      "Errors",
    ]);
  });

  it("computes extended statistics over the period's values", async () => {
    const stats = [
      "p90",
      "tm90",
      "TM(10%:90%)",
      "IQM",
      "wm90",
      "tc90",
      "ts90",
      "PR(:50)",
      "PR(10:50)",
      "TC(10:50)",
      "TS(10:50)",
      "TM(10:50)",
    ];
    const out = await data(stats.map((s, i) => stat(`s${i}`, "Latency", {}, s)));
    const values = Object.fromEntries(out.MetricDataResults!.map((r, i) => [stats[i], r.Values?.[0]]));
    expect(values).toEqual({
      p90: 90,
      tm90: 45.5,
      "TM(10%:90%)": 50.5,
      IQM: 50.5,
      wm90: 49.95,
      tc90: 90,
      ts90: 4095,
      "PR(:50)": 50,
      "PR(10:50)": 40,
      "TC(10:50)": 40,
      "TS(10:50)": 1220,
      "TM(10:50)": 30.5,
    });
  });

  it("picks one unit when the query names none, and says so", async () => {
    const unitNs = uniqueName("MathUnits");
    await cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: unitNs,
        MetricData: [
          { MetricName: "M", Value: 60_000, Unit: "Milliseconds", Timestamp: t(0) },
          { MetricName: "M", Value: 60, Unit: "Seconds", Timestamp: t(0) },
          { MetricName: "M", Value: 5, Unit: "Count", Timestamp: t(0) },
        ],
      }),
    );
    const query = (unit?: "Seconds") => ({
      Id: "m",
      MetricStat: { Metric: { Namespace: unitNs, MetricName: "M" }, Period: 60, Stat: "Sum", Unit: unit },
    });
    const [mixed] = (await data([query()])).MetricDataResults!;
    expect(mixed!.Values).toEqual([5]);
    expect(mixed!.Messages).toEqual([
      { Code: "MultipleUnits", Value: "Multiple units returned: '[Count, Milliseconds, Seconds]'" },
    ]);
    const [seconds] = (await data([query("Seconds")])).MetricDataResults!;
    expect(seconds!.Values).toEqual([60]);
    expect(seconds!.Messages).toBeUndefined();
  });

  it("pages by MaxDatapoints across results, and refuses foreign tokens", async () => {
    const queries = [stat("m1", "Requests"), stat("m2", "Errors")];
    const page = async (token?: string) => data(queries, { MaxDatapoints: 3, NextToken: token });
    const first = await page();
    expect(first.MetricDataResults?.map((r) => [r.Id, r.StatusCode, points(r)])).toEqual([
      [
        "m1",
        "PartialData",
        [
          [0, 1],
          [1, 2],
          [3, 4],
        ],
      ],
      ["m2", "PartialData", []],
    ]);
    const second = await page(first.NextToken);
    expect(second.MetricDataResults?.map((r) => [r.Id, r.StatusCode, points(r)])).toEqual([
      ["m1", "Complete", [[4, 5]]],
      [
        "m2",
        "PartialData",
        [
          [0, 10],
          [2, 0],
        ],
      ],
    ]);
    const third = await page(second.NextToken);
    expect(third.MetricDataResults?.map((r) => [r.Id, r.StatusCode, points(r)])).toEqual([
      ["m1", "Complete", []],
      ["m2", "Complete", [[4, 2]]],
    ]);
    expect(third.NextToken).toBeUndefined();
    await expectAwsError(page("not-a-token"), "InvalidNextToken", 400);
    await expectAwsError(
      data([stat("m1", "Requests")], { MaxDatapoints: 3, NextToken: first.NextToken }),
      "InvalidNextToken",
      400,
    );
  });
});

describe("metric math", () => {
  it("arithmetic: series with scalars, series with series (a missing value counts as 0), precedence", async () => {
    expect(await expression("m1 * 2")).toEqual([
      [0, 2],
      [1, 4],
      [3, 8],
      [4, 10],
    ]);
    expect(await expression("m1 + m2")).toEqual([
      [0, 11],
      [1, 2],
      [2, 0],
      [3, 4],
      [4, 7],
    ]);
    expect(await expression("m2 - m1")).toEqual([
      [0, 9],
      [1, -2],
      [2, 0],
      [3, -4],
      [4, -3],
    ]);
    expect(await expression("m1 ^ 2")).toEqual([
      [0, 1],
      [1, 4],
      [3, 16],
      [4, 25],
    ]);
    expect(await expression("-m1")).toEqual([
      [0, -1],
      [1, -2],
      [3, -4],
      [4, -5],
    ]);
    expect(await expression("2 + 3 * m1 ^ 2")).toEqual([
      [0, 5],
      [1, 14],
      [3, 50],
      [4, 77],
    ]);
    expect(await expression("(2 + 3) * m1 / 10")).toEqual([
      [0, 0.5],
      [1, 1],
      [3, 2],
      [4, 2.5],
    ]);
  });

  it("drops points divided by zero, with a message", async () => {
    const out = await data([...inputs, { Id: "e1", Expression: "m1 / m2" }]);
    const [r] = out.MetricDataResults!;
    expect(points(r)).toEqual([
      [0, 0.1],
      [4, 2.5],
    ]);
    expect(r!.Messages).toEqual([
      {
        Code: "ArithmeticError",
        Value:
          "One or more data-points have been dropped due to non-numeric values (NaN, -Infinite, +Infinite)",
      },
    ]);
  });

  it("SUM, AVG, MIN, MAX: a scalar of one series, a series of an array", async () => {
    expect(await expression("m1 - AVG(m1)")).toEqual([
      [0, -2],
      [1, -1],
      [3, 1],
      [4, 2],
    ]);
    expect(await expression("m1 * 0 + SUM(m1) + MIN(m1) + MAX(m1)")).toEqual([
      [0, 18],
      [1, 18],
      [3, 18],
      [4, 18],
    ]);
    expect(await expression("SUM([m1, m2])")).toEqual([
      [0, 11],
      [1, 2],
      [2, 0],
      [3, 4],
      [4, 7],
    ]);
    expect(await expression("AVG([m1, m2])")).toEqual([
      [0, 5.5],
      [1, 1],
      [2, 0],
      [3, 2],
      [4, 3.5],
    ]);
    expect(await expression("MIN([m1, m2])")).toEqual([
      [0, 1],
      [1, 2],
      [2, 0],
      [3, 4],
      [4, 2],
    ]);
    expect(await expression("MAX([m1, m2])")).toEqual([
      [0, 10],
      [1, 2],
      [2, 0],
      [3, 4],
      [4, 5],
    ]);
  });

  it("METRICS() is every metric query, optionally those whose id contains a string", async () => {
    expect(await expression("SUM(METRICS())")).toEqual([
      [0, 11],
      [1, 2],
      [2, 0],
      [3, 4],
      [4, 7],
    ]);
    expect(await expression('SUM(METRICS("2"))')).toEqual([
      [0, 10],
      [2, 0],
      [4, 2],
    ]);
    // An array result: one result per series, same id, labelled after the expression and the metric.
    const out = await data([...inputs, { Id: "e1", Expression: "METRICS() / 100", Label: "pct" }]);
    expect(out.MetricDataResults?.map((r) => [r.Id, r.Label, points(r)])).toEqual([
      [
        "e1",
        "pct Requests",
        [
          [0, 0.01],
          [1, 0.02],
          [3, 0.04],
          [4, 0.05],
        ],
      ],
      [
        "e1",
        "pct Errors",
        [
          [0, 0.1],
          [2, 0],
          [4, 0.02],
        ],
      ],
    ]);
  });

  it("FILL with a number, a series, REPEAT and LINEAR", async () => {
    expect(await expression("FILL(m1, 0)")).toEqual([
      [0, 1],
      [1, 2],
      [2, 0],
      [3, 4],
      [4, 5],
    ]);
    expect(await expression("FILL(m1, m2)")).toEqual([
      [0, 1],
      [1, 2],
      [2, 0],
      [3, 4],
      [4, 5],
    ]);
    expect(await expression("FILL(m1, REPEAT)")).toEqual([
      [0, 1],
      [1, 2],
      [2, 2],
      [3, 4],
      [4, 5],
    ]);
    expect(await expression("FILL(m1, LINEAR)")).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
      [4, 5],
    ]);
    expect(await expression("FILL(m2, 7)")).toEqual([
      [0, 10],
      [1, 7],
      [2, 0],
      [3, 7],
      [4, 2],
    ]);
  });

  it("IF with comparisons, AND, OR and NOT", async () => {
    expect(await expression("IF(m1 > 2, m1, 0)")).toEqual([
      [0, 0],
      [1, 0],
      [3, 4],
      [4, 5],
    ]);
    expect(await expression("IF(m1 > 2, m1)")).toEqual([
      [3, 4],
      [4, 5],
    ]);
    expect(await expression("IF(m1 >= 2 AND m2 > 1, 1, 0)")).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
      [3, 0],
      [4, 1],
    ]);
    // Each comparison has its series' timestamps; OR then meets them with missing values as 0.
    expect(await expression("IF(m1 < 2 || m2 == 0, m2)")).toEqual([
      [0, 10],
      [2, 0],
    ]);
    expect(await expression("IF(NOT (m1 > 2), 1, 0)")).toEqual([
      [0, 1],
      [1, 1],
      [3, 0],
      [4, 0],
    ]);
    expect(await expression("IF(m1 != 4 && !(m1 <= 1), m1, -1)")).toEqual([
      [0, -1],
      [1, 2],
      [3, -1],
      [4, 5],
    ]);
  });

  it("ABS, PERIOD, RATE, DIFF and TIME_SERIES", async () => {
    expect(await expression("ABS(m1 - 3)")).toEqual([
      [0, 2],
      [1, 1],
      [3, 1],
      [4, 2],
    ]);
    expect(await expression("m1 * 60 / PERIOD(m1)")).toEqual([
      [0, 1],
      [1, 2],
      [3, 4],
      [4, 5],
    ]);
    expect(await expression("RATE(m1) * 60")).toEqual([
      [1, 1],
      [3, 1],
      [4, 1],
    ]);
    expect(await expression("DIFF(m1)")).toEqual([
      [1, 1],
      [3, 2],
      [4, 1],
    ]);
    expect(await expression("TIME_SERIES(5)")).toEqual([
      [0, 5],
      [1, 5],
      [2, 5],
      [3, 5],
      [4, 5],
    ]);
  });

  it("expressions may use other expressions; ReturnData false hides a query", async () => {
    const out = await data([
      ...inputs,
      { Id: "e1", Expression: "m1 + 1", ReturnData: false },
      { Id: "e2", Expression: "e1 * 10" },
    ]);
    expect(out.MetricDataResults?.map((r) => [r.Id, r.Label, points(r)])).toEqual([
      [
        "e2",
        "e2",
        [
          [0, 20],
          [1, 30],
          [3, 50],
          [4, 60],
        ],
      ],
    ]);
  });

  it("refuses malformed requests with ValidationError, and reports expressions that fail", async () => {
    const invalid = (queries: MetricDataQuery[], message: string | RegExp) =>
      expectAwsError(data(queries), "ValidationError", 400, message);
    await invalid(
      [...inputs, { Id: "e1", Expression: "m1 +" }],
      /^Error in expression e1: Unexpected end of expression/,
    );
    await invalid([...inputs, { Id: "e1", Expression: "m3 * 2" }], "Error in expression e1: Unknown id m3");
    await invalid(
      [...inputs, { Id: "e1", Expression: "NOPE(m1)" }],
      "Error in expression e1: Unknown function NOPE",
    );
    await invalid(
      [
        { Id: "e1", Expression: "e2 + 1" },
        { Id: "e2", Expression: "e1 + 1" },
      ],
      /circular reference/,
    );
    await invalid(
      [stat("m1", "Requests"), stat("m1", "Errors")],
      "The values for parameter id in MetricDataQueries are not unique.",
    );
    await invalid(
      [stat("m1", "Requests", {}, "p200")],
      "The value for parameter MetricDataQueries.member.1.MetricStat.Stat is not a valid statistic.",
    );
    await invalid([{ Id: "e1" }], /At least one of the parameters MetricDataQueries\.member\.1\.MetricStat/);
    const err = await expectAwsError(
      data([...inputs, { Id: "e1", Expression: "m1 +" }]),
      "ValidationError",
      400,
    );
    expect(err.$response?.headers["x-amzn-query-error"]).toBe("ValidationError;Sender");

    const out = await data([...inputs, { Id: "e1", Expression: "AVG(m1)" }]);
    expect(out.MetricDataResults).toEqual([
      {
        Id: "e1",
        Label: "e1",
        Timestamps: [],
        Values: [],
        StatusCode: "InternalError",
        Messages: [
          {
            Code: "InternalError",
            Value:
              "Error in expression e1: the expression must produce a time series or an array of time series",
          },
        ],
      },
    ]);
  });
});
