import { METRICS } from "../lambdas/processor/src/powertools-telemetry.ts";
import { LOG_METRICS } from "./log-metrics.ts";

export interface DashboardContext {
  region: string;
  processorName: string;
  apiName: string;
  timeoutSeconds: number;
  emf: { namespace: string; service: string };
  logNamespace: string;
  periodSeconds: number;
  /** Shown in one alarm-status widget (ARNs may be Terraform references). */
  alarmArns: string[];
}

/** A CloudWatch metric line: [namespace, name, dimension, value, ..., {options}]. */
type MetricLine = (string | { stat?: string; label?: string })[];

const WIDTH = 12;
const HEIGHT = 6;

/** The CloudWatch dashboard: the processor, its images, its log metrics, the API, the alarms. */
export function dashboardBody(ctx: DashboardContext): string {
  const graph = (title: string, metrics: MetricLine[], extra: Record<string, unknown> = {}) => ({
    type: "metric",
    properties: {
      title,
      region: ctx.region,
      view: "timeSeries",
      period: ctx.periodSeconds,
      metrics,
      ...extra,
    },
  });
  const lambda = (fn: string, name: string, stat: string, label = name): MetricLine => [
    "AWS/Lambda",
    name,
    "FunctionName",
    fn,
    { stat, label },
  ];
  const emf = (name: string, stat: string, label = name): MetricLine => [
    ctx.emf.namespace,
    name,
    "service",
    ctx.emf.service,
    { stat, label },
  ];
  const processor = ctx.processorName;
  const widgets = [
    graph("Processor invocations", [
      lambda(processor, "Invocations", "Sum"),
      lambda(processor, "Errors", "Sum"),
      lambda(processor, "Throttles", "Sum"),
    ]),
    graph(
      "Processor duration (ms)",
      [lambda(processor, "Duration", "Average", "average"), lambda(processor, "Duration", "p95", "p95")],
      { annotations: { horizontal: [{ label: "timeout", value: ctx.timeoutSeconds * 1000 }] } },
    ),
    graph("Processor concurrency", [lambda(processor, "ConcurrentExecutions", "Maximum")]),
    graph("Images finished", [
      emf(METRICS.imagesProcessed, "Sum"),
      emf(METRICS.success, "Sum"),
      emf(METRICS.failure, "Sum"),
    ]),
    graph("Processing time (ms)", [
      emf(METRICS.processingTime, "p50", "p50"),
      emf(METRICS.processingTime, "p95", "p95"),
    ]),
    graph(
      "Processor log metrics",
      Object.values(LOG_METRICS).map(({ metricName }) => [ctx.logNamespace, metricName, { stat: "Sum" }]),
    ),
    graph("API", [
      lambda(ctx.apiName, "Invocations", "Sum"),
      lambda(ctx.apiName, "Errors", "Sum"),
      lambda(ctx.apiName, "Duration", "p95", "duration p95 (ms)"),
    ]),
    { type: "alarm", properties: { title: "Alarms", alarms: ctx.alarmArns } },
  ];
  // Two columns, in order.
  const placed = widgets.map((widget, i) => ({
    ...widget,
    x: (i % 2) * WIDTH,
    y: Math.floor(i / 2) * HEIGHT,
    width: WIDTH,
    height: HEIGHT,
  }));
  return JSON.stringify({ widgets: placed });
}
