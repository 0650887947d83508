import { processorMetricsLocation } from "../../../../infra/alarms.ts";
import { ALERT_TOPICS } from "../../../../infra/alerts.ts";
import { METRICS } from "../../../../lambdas/processor/src/powertools-telemetry.ts";
import type { MetricQuery, MetricRef, MetricSeriesData } from "../repositories/metric-data.repository.ts";
import type { StackResources } from "../settings/stack-resources.ts";

/**
 * Which of AWS's own metrics the target publishes for the stack's resources (ListMetrics lists
 * them): AWS publishes them all; the emulator only AWS/Lambda's.
 */
export interface PublishedMetrics {
  dynamodb: boolean;
  /** Per alert topic, in StackResources.topicNames order. */
  topics: boolean[];
  /** Per log group: processor, api. */
  logGroups: boolean[];
  s3: boolean;
}

/** The ids of the sums, so that the queries and the readings name them once. */
export const SUM_ID = {
  invocations: (fn: number) => `inv${fn}`,
  duration: (fn: number) => `dur${fn}`,
  images: "images",
  imageBytes: "size",
  bytesSaved: "saved",
  readUnits: "ddbr",
  writeUnits: "ddbw",
  published: (topic: number) => `sns${topic}`,
  incomingBytes: (group: number) => `logs${group}`,
} as const;

/** The stack's functions, processor first, as the readings list them. */
export const stackFunctions = (stack: StackResources) => [stack.processorFunction, stack.apiFunction];
export const stackLogGroups = (stack: StackResources) => [stack.logGroups.processor, stack.logGroups.api];
/** The alert topics' names, in ALERT_TOPICS order. */
export const stackTopics = (stack: StackResources) => ALERT_TOPICS.map((topic) => stack.topicNames[topic]);

/** Every sum the estimate reads over the window, as one GetMetricData call's queries. */
export function usageSumQueries(
  stack: StackResources,
  published: PublishedMetrics,
  periodSeconds: number,
): MetricQuery[] {
  const { emf } = processorMetricsLocation(stack.processorFunction);
  const sum = (id: string, namespace: string, metricName: string, dimensions: Record<string, string>) => ({
    id,
    metric: { namespace, metricName, dimensions } satisfies MetricRef,
    stat: "Sum",
    periodSeconds,
  });
  const service = { service: emf.service };
  const table = { TableName: stack.imagesTable };
  return [
    ...stackFunctions(stack).flatMap((fn, i) => [
      sum(SUM_ID.invocations(i), "AWS/Lambda", "Invocations", { FunctionName: fn }),
      sum(SUM_ID.duration(i), "AWS/Lambda", "Duration", { FunctionName: fn }),
    ]),
    sum(SUM_ID.images, emf.namespace, METRICS.imagesProcessed, service),
    sum(SUM_ID.imageBytes, emf.namespace, METRICS.imageSize, service),
    sum(SUM_ID.bytesSaved, emf.namespace, METRICS.bytesSaved, service),
    ...(published.dynamodb
      ? [
          sum(SUM_ID.readUnits, "AWS/DynamoDB", "ConsumedReadCapacityUnits", table),
          sum(SUM_ID.writeUnits, "AWS/DynamoDB", "ConsumedWriteCapacityUnits", table),
        ]
      : []),
    ...stackTopics(stack).flatMap((topic, i) =>
      published.topics[i]
        ? [sum(SUM_ID.published(i), "AWS/SNS", "NumberOfMessagesPublished", { TopicName: topic })]
        : [],
    ),
    ...stackLogGroups(stack).flatMap((group, i) =>
      published.logGroups[i]
        ? [sum(SUM_ID.incomingBytes(i), "AWS/Logs", "IncomingBytes", { LogGroupName: group })]
        : [],
    ),
  ];
}

/** Each series' total over the window; a metric with no data sums to 0. */
export function sumsOf(series: readonly MetricSeriesData[]): (id: string) => number {
  const totals = new Map(series.map((s) => [s.id, s.points.reduce((total, p) => total + p.value, 0)]));
  return (id) => totals.get(id) ?? 0;
}
