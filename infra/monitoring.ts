import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard/index.js";
import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter/index.js";
import {
  CloudwatchMetricAlarm,
  type CloudwatchMetricAlarmConfig,
} from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm/index.js";
import type { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic/index.js";
import { Construct } from "constructs";
import { type AlarmSpec, alarmSpecs, type MetricRef, processorMetricsLocation } from "./alarms.ts";
import type { AlertTopic } from "./alerts.ts";
import type { AlarmThresholds } from "./config.ts";
import { dashboardBody } from "./dashboard.ts";
import { LOG_METRICS } from "./log-metrics.ts";
import type { NodeFunction } from "./node-function.ts";

export interface MonitoringProps {
  namePrefix: string;
  region: string;
  processor: NodeFunction;
  /** The processor's name: its `service` dimension in the EMF metrics too (processing.ts). */
  processorName: string;
  apiName: string;
  timeoutSeconds: number;
  thresholds: AlarmThresholds;
  topics: Record<AlertTopic, SnsTopic>;
}

/**
 * The metric filters on the processor's log group, the 12 alarms (each to its SNS topic, on
 * alarm and on recovery) and the dashboard.
 */
export class Monitoring extends Construct {
  readonly alarms: CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { emf, logNamespace } = processorMetricsLocation(props.processorName);
    for (const [key, metric] of Object.entries(LOG_METRICS)) {
      metric.patterns.forEach((pattern, i) => {
        new CloudwatchLogMetricFilter(this, `${key}-${i}`, {
          name: `${props.processorName}-${metric.metricName}-${i + 1}`,
          logGroupName: props.processor.logGroup.name,
          pattern,
          metricTransformation: {
            name: metric.metricName,
            namespace: logNamespace,
            value: "1",
            unit: "Count",
          },
        });
      });
    }
    const specs = alarmSpecs({
      functionName: props.processorName,
      timeoutSeconds: props.timeoutSeconds,
      thresholds: props.thresholds,
      emf,
      logNamespace,
    });
    this.alarms = specs.map(
      (spec) =>
        new CloudwatchMetricAlarm(this, spec.name, {
          alarmName: `${props.namePrefix}-${spec.name}`,
          alarmDescription: spec.description,
          comparisonOperator: spec.comparison,
          threshold: spec.threshold,
          evaluationPeriods: 1,
          // No data is no uploads, not a problem.
          treatMissingData: "notBreaching",
          alarmActions: [props.topics[spec.topic].arn],
          okActions: [props.topics[spec.topic].arn],
          ...alarmMetric(spec, props.thresholds.periodSeconds),
        }),
    );
    new CloudwatchDashboard(this, "dashboard", {
      dashboardName: props.namePrefix,
      dashboardBody: dashboardBody({
        region: props.region,
        processorName: props.processorName,
        apiName: props.apiName,
        timeoutSeconds: props.timeoutSeconds,
        emf,
        logNamespace,
        periodSeconds: props.thresholds.periodSeconds,
        alarmArns: this.alarms.map((alarm) => alarm.arn),
      }),
    });
  }
}

type AlarmMetricConfig = Pick<
  CloudwatchMetricAlarmConfig,
  "namespace" | "metricName" | "statistic" | "dimensions" | "period" | "metricQuery"
>;

function alarmMetric(spec: AlarmSpec, period: number): AlarmMetricConfig {
  const metric = spec.metric;
  if ("expression" in metric) {
    const input = (id: string, ref: MetricRef) => ({
      id,
      metric: {
        namespace: ref.namespace,
        metricName: ref.metricName,
        stat: ref.statistic,
        period,
        ...(ref.dimensions ? { dimensions: ref.dimensions } : {}),
      },
    });
    return {
      metricQuery: [
        ...Object.entries(metric.inputs).map(([id, ref]) => input(id, ref)),
        { id: "result", expression: metric.expression, label: metric.label, returnData: true },
      ],
    };
  }
  return {
    namespace: metric.namespace,
    metricName: metric.metricName,
    statistic: metric.statistic,
    period,
    ...(metric.dimensions ? { dimensions: metric.dimensions } : {}),
  };
}
