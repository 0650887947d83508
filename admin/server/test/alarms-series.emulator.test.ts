import { randomUUID } from "node:crypto";
import { CloudWatchClient, PutMetricAlarmCommand, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type AlarmSpec, alarmSpecs, processorMetricsLocation } from "../../../infra/alarms.ts";
import { loadInfraConfig } from "../../../infra/config.ts";
import { LOG_METRICS } from "../../../infra/log-metrics.ts";
import { METRICS } from "../../../lambdas/processor/src/powertools-telemetry.ts";
import { emulatorClient } from "../../../lambdas/test/support/emulator-clients.ts";
import { AlarmsService } from "../src/alarms/alarms.service.ts";
import { CloudWatchAlarms } from "../src/repositories/cloudwatch-alarms.ts";
import { CloudWatchMetricData } from "../src/repositories/cloudwatch-metric-data.ts";
import { loadAdminSettings } from "../src/settings/admin-settings.ts";
import { STACK, TOKEN } from "./support/context.ts";

const PERIOD = 60;
const MINUTE = 60_000;

/**
 * The alarm sparklines' one GetMetricData call against the emulator's CloudWatch: the stack's
 * alarms (infra/alarms.ts, put as infra/monitoring.ts declares them), with metric math the
 * emulator evaluates, not a fake.
 */
describe("AlarmsService.series on the emulator's CloudWatch", () => {
  const cloudwatch = emulatorClient(CloudWatchClient, inject("emulatorUrl"));
  const prefix = `series${randomUUID().slice(0, 8)}`;
  const processor = `${prefix}-processor`;
  const { emf, logNamespace } = processorMetricsLocation(processor);
  const service = new AlarmsService(
    new CloudWatchAlarms(cloudwatch),
    { ...STACK, alarmPrefix: `${prefix}-` },
    loadAdminSettings({ DARKROOM_ADMIN_TOKEN: TOKEN }),
    new CloudWatchMetricData(cloudwatch),
  );
  const now = Math.floor(Date.now() / MINUTE) * MINUTE;
  const t1 = now - 10 * MINUTE;
  const t2 = t1 + MINUTE;

  /** PutMetricAlarm for a spec, as monitoring.ts's alarmMetric shapes it (math: inputs, then `result`). */
  async function putAlarm(name: string, spec: AlarmSpec): Promise<void> {
    const metric = spec.metric;
    const common = {
      AlarmName: name,
      ComparisonOperator: spec.comparison,
      Threshold: spec.threshold,
      EvaluationPeriods: 1,
      TreatMissingData: "notBreaching",
    };
    const dims = (d: Record<string, string> | undefined) =>
      Object.entries(d ?? {}).map(([Name, Value]) => ({ Name, Value }));
    if ("expression" in metric) {
      await cloudwatch.send(
        new PutMetricAlarmCommand({
          ...common,
          Metrics: [
            ...Object.entries(metric.inputs).map(([Id, ref]) => ({
              Id,
              ReturnData: false,
              MetricStat: {
                Metric: {
                  Namespace: ref.namespace,
                  MetricName: ref.metricName,
                  Dimensions: dims(ref.dimensions),
                },
                Stat: ref.statistic,
                Period: PERIOD,
              },
            })),
            { Id: "result", Expression: metric.expression, Label: metric.label, ReturnData: true },
          ],
        }),
      );
      return;
    }
    await cloudwatch.send(
      new PutMetricAlarmCommand({
        ...common,
        Namespace: metric.namespace,
        MetricName: metric.metricName,
        Dimensions: dims(metric.dimensions),
        Statistic: metric.statistic,
        Period: PERIOD,
      }),
    );
  }

  async function put(namespace: string, name: string, at: number, values: number[], service = true) {
    await cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: namespace,
        MetricData: values.map((Value) => ({
          MetricName: name,
          Value,
          Timestamp: new Date(at),
          ...(service ? { Dimensions: [{ Name: "service", Value: emf.service }] } : {}),
        })),
      }),
    );
  }

  beforeAll(async () => {
    const { alarms } = loadInfraConfig({});
    const specs = alarmSpecs({
      functionName: processor,
      timeoutSeconds: 45,
      thresholds: alarms,
      emf,
      logNamespace,
    });
    for (const spec of specs) await putAlarm(`${prefix}-${spec.name}`, spec);
    // Line ids the stack's success-rate alarm uses too: the call must still have unique ids.
    const successRate = specs.find((spec) => spec.name === "low-success-rate")!;
    await putAlarm(`${prefix}-success-rate-again`, successRate);
    // An extended statistic, read as the alarm reads it.
    await cloudwatch.send(
      new PutMetricAlarmCommand({
        AlarmName: `${prefix}-processing-p95`,
        ComparisonOperator: "GreaterThanThreshold",
        Threshold: 10_000,
        EvaluationPeriods: 1,
        Namespace: emf.namespace,
        MetricName: METRICS.processingTime,
        Dimensions: [{ Name: "service", Value: emf.service }],
        ExtendedStatistic: "p95",
        Period: PERIOD,
      }),
    );

    // 4 images finished in t1, 1 PROCESSED; 2 in t2, none PROCESSED (no ProcessingSuccess point).
    await put(emf.namespace, METRICS.imagesProcessed, t1, [1, 1, 1, 1]);
    await put(emf.namespace, METRICS.success, t1, [1]);
    await put(emf.namespace, METRICS.imagesProcessed, t2, [1, 1]);
    await put(
      emf.namespace,
      METRICS.processingTime,
      t1,
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
    await put(logNamespace, LOG_METRICS.logErrors.metricName, t2, [1, 1, 1], false);
  });
  afterAll(() => cloudwatch.destroy());

  it("answers every alarm from one call: the success rate computed by the emulator's metric math", async () => {
    const answer = await service.series({ hours: 1 });
    const byName = new Map(answer.items.map((s) => [s.alarmName.slice(prefix.length + 1), s]));
    expect([...byName.keys()].sort()).toEqual(
      [
        ...alarmSpecs({
          functionName: processor,
          timeoutSeconds: 45,
          thresholds: loadInfraConfig({}).alarms,
          emf,
          logNamespace,
        }).map((s) => s.name),
        "success-rate-again",
        "processing-p95",
      ].sort(),
    );
    for (const series of answer.items) expect(series.problem, series.alarmName).toBeNull();

    // FILL(success, 0): the minute with no PROCESSED image is 0 %, not missing.
    const expected = [
      { t: t1, v: 25 },
      { t: t2, v: 0 },
    ];
    expect(byName.get("low-success-rate")).toMatchObject({
      label: "Success rate (%)",
      expression: "100 * FILL(success, 0) / finished",
      threshold: 90,
      comparison: "LessThanThreshold",
      period: PERIOD,
      points: expected,
    });
    expect(byName.get("success-rate-again")?.points).toEqual(expected);
    expect(byName.get("log-errors")).toMatchObject({ stat: "Sum", points: [{ t: t2, v: 3 }] });
    const p95 = byName.get("processing-p95")!;
    expect(p95.stat).toBe("p95");
    expect(p95.points).toHaveLength(1);
    expect(p95.points[0]!.v).toBeGreaterThanOrEqual(94);
    expect(p95.points[0]!.v).toBeLessThanOrEqual(96);
    // Nothing published for Lambda's metrics here: their alarms have no points.
    expect(byName.get("high-error-rate")?.points).toEqual([]);
  });
});
