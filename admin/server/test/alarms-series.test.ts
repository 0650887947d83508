import { describe, expect, it } from "vitest";
import { alarmSeriesQuerySchema } from "../src/alarms/alarms.dto.ts";
import { AlarmsService } from "../src/alarms/alarms.service.ts";
import { renameMathIds } from "../src/alarms/metric-math-ids.ts";
import type { Alarm } from "../src/repositories/alarms.repository.ts";
import { loadAdminSettings } from "../src/settings/admin-settings.ts";
import { alarmNamed, FakeAlarms } from "./support/alarm-fakes.ts";
import { STACK, TOKEN } from "./support/context.ts";
import { FakeMetricData } from "./support/observability-fakes.ts";

const NOW = Date.parse("2025-03-01T12:02:30.000Z");
const MINUTE = 60_000;
const emf = (name: string) => ({
  namespace: "Darkroom",
  name,
  dimensions: { service: "darkroom-processor" },
});

/** A metric-math alarm as the stack declares low-success-rate: two inputs and the expression. */
function successRate(name: string, period = 300): Alarm {
  return alarmNamed(name, {
    metric: null,
    period: null,
    statistic: null,
    threshold: 90,
    comparison: "LessThanThreshold",
    metrics: [
      {
        id: "success",
        expression: null,
        label: null,
        returnData: false,
        metric: { ...emf("ProcessingSuccess"), stat: "Sum", period },
      },
      {
        id: "finished",
        expression: null,
        label: null,
        returnData: false,
        metric: { ...emf("ImagesProcessed"), stat: "Sum", period },
      },
      {
        id: "result",
        expression: "100 * FILL(success, 0) / finished",
        label: "Success rate (%)",
        returnData: true,
        metric: null,
      },
    ],
  });
}

function world() {
  const alarms = new FakeAlarms();
  const metrics = new FakeMetricData();
  const settings = loadAdminSettings({ DARKROOM_ADMIN_TOKEN: TOKEN });
  return { alarms, metrics, service: new AlarmsService(alarms, STACK, settings, metrics) };
}

describe("AlarmsService.series: what each alarm evaluates, for the sparklines", () => {
  it("reads every alarm in one call: a metric with its own statistic and period, metric math by its expression", async () => {
    const { alarms, metrics, service } = world();
    alarms.add(
      alarmNamed("darkroom-high-duration", {
        metric: {
          namespace: "AWS/Lambda",
          name: "Duration",
          dimensions: { FunctionName: "darkroom-processor" },
        },
        statistic: null,
        extendedStatistic: "p95",
        period: 60,
        unit: "Milliseconds",
        threshold: 30_000,
        comparison: "GreaterThanThreshold",
      }),
      successRate("darkroom-low-success-rate"),
      // The same line ids in a second alarm: the call's ids must still be unique.
      successRate("darkroom-low-success-rate-copy"),
      alarmNamed("other-stack-errors"),
    );
    metrics.put(
      { namespace: "AWS/Lambda", metricName: "Duration", dimensions: { FunctionName: "darkroom-processor" } },
      "p95",
      [
        { timestamp: NOW - 3 * MINUTE, value: 1_200 },
        { timestamp: NOW - 2 * MINUTE, value: 900 },
      ],
    );
    metrics.putExpression("100 * FILL(a1_success, 0) / a1_finished", [
      { timestamp: NOW - 5 * MINUTE, value: 25 },
    ]);

    const answer = await service.series({ hours: 3 }, NOW);

    expect(metrics.calls).toHaveLength(1);
    const call = metrics.calls[0]!;
    // Floored to the longest period (5 minutes), so every period's buckets fall on round times.
    expect(call.start.toISOString()).toBe("2025-03-01T09:00:00.000Z");
    expect(call.end.getTime()).toBe(NOW);
    expect(call.queries).toEqual([
      {
        id: "a0",
        metric: {
          namespace: "AWS/Lambda",
          metricName: "Duration",
          dimensions: { FunctionName: "darkroom-processor" },
        },
        stat: "p95",
        periodSeconds: 60,
        unit: "Milliseconds",
      },
      ...[1, 2].flatMap((i) => [
        {
          id: `a${i}_success`,
          metric: {
            namespace: "Darkroom",
            metricName: "ProcessingSuccess",
            dimensions: { service: "darkroom-processor" },
          },
          stat: "Sum",
          periodSeconds: 300,
          returnData: false,
        },
        {
          id: `a${i}_finished`,
          metric: {
            namespace: "Darkroom",
            metricName: "ImagesProcessed",
            dimensions: { service: "darkroom-processor" },
          },
          stat: "Sum",
          periodSeconds: 300,
          returnData: false,
        },
        { id: `a${i}_result`, expression: `100 * FILL(a${i}_success, 0) / a${i}_finished`, returnData: true },
      ]),
    ]);

    expect(answer.from).toBe("2025-03-01T09:00:00.000Z");
    expect(answer.to).toBe(new Date(NOW).toISOString());
    expect(answer.items.map((s) => s.alarmName)).toEqual([
      "darkroom-high-duration",
      "darkroom-low-success-rate",
      "darkroom-low-success-rate-copy",
    ]);
    expect(answer.items[0]).toEqual({
      alarmName: "darkroom-high-duration",
      label: "AWS/Lambda Duration p95",
      threshold: 30_000,
      comparison: "GreaterThanThreshold",
      period: 60,
      stat: "p95",
      expression: null,
      unit: "Milliseconds",
      points: [
        { t: NOW - 3 * MINUTE, v: 1_200 },
        { t: NOW - 2 * MINUTE, v: 900 },
      ],
      problem: null,
    });
    expect(answer.items[1]).toMatchObject({
      label: "Success rate (%)",
      threshold: 90,
      comparison: "LessThanThreshold",
      period: 300,
      stat: null,
      expression: "100 * FILL(success, 0) / finished",
      points: [{ t: NOW - 5 * MINUTE, v: 25 }],
      problem: null,
    });
    expect(answer.items[2]?.points).toEqual([]);
  });

  it("says why an alarm has no series instead of failing the others", async () => {
    const { alarms, metrics, service } = world();
    alarms.add(
      alarmNamed("darkroom-insights", {
        metric: null,
        period: null,
        statistic: null,
        metrics: [
          {
            id: "q1",
            expression: 'SELECT AVG(CPUUtilization) FROM "AWS/EC2"',
            label: "CPU",
            returnData: true,
            metric: null,
          },
        ],
      }),
      alarmNamed("darkroom-log-errors", { period: 60 }),
    );
    const answer = await service.series({ hours: 1 }, NOW);
    expect(metrics.calls[0]!.queries.map((q) => q.id)).toEqual(["a1"]);
    expect(answer.items[0]).toMatchObject({
      alarmName: "darkroom-insights",
      label: "CPU",
      points: [],
      problem: expect.stringContaining("Metrics Insights"),
    });
    expect(answer.items[1]).toMatchObject({ alarmName: "darkroom-log-errors", stat: "Sum", problem: null });
    // One hour back, floored to the minute.
    expect(answer.from).toBe("2025-03-01T11:02:00.000Z");
  });

  it("takes 1 to 24 hours, 3 by default", () => {
    expect(alarmSeriesQuerySchema.parse({})).toEqual({ hours: 3 });
    expect(alarmSeriesQuerySchema.parse({ hours: "24" })).toEqual({ hours: 24 });
    for (const hours of ["0", "25", "1.5", "soon"]) {
      expect(alarmSeriesQuerySchema.safeParse({ hours }).success, hours).toBe(false);
    }
    expect(alarmSeriesQuerySchema.safeParse({ hours: "3", alarm: "x" }).success).toBe(false);
  });
});

describe("renameMathIds", () => {
  it("renames the ids an expression reads, leaving functions, keywords, numbers and strings alone", () => {
    const renamed = new Map([
      ["m1", "a0_m1"],
      ["e", "a0_e"],
    ]);
    expect(renameMathIds("FILL(m1, 0) + 1e5 * m1 / PERIOD(m1) + e", renamed)).toBe(
      "FILL(a0_m1, 0) + 1e5 * a0_m1 / PERIOD(a0_m1) + a0_e",
    );
    expect(renameMathIds("IF(m1 > 2 AND m1 < 9, m1, 0)", renamed)).toBe(
      "IF(a0_m1 > 2 AND a0_m1 < 9, a0_m1, 0)",
    );
    expect(renameMathIds(`METRICS('m1') + m1x + "e"`, renamed)).toBe(`METRICS('m1') + m1x + "e"`);
    expect(renameMathIds('SELECT MAX(m1) FROM "AWS/EC2"', renamed)).toBe('SELECT MAX(m1) FROM "AWS/EC2"');
  });
});
