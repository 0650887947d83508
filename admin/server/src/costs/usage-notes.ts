import { processorMetricsLocation } from "../../../../infra/alarms.ts";
import { METRICS } from "../../../../lambdas/processor/src/powertools-telemetry.ts";
import type { StackResources } from "../settings/stack-resources.ts";
import { type PublishedMetrics, stackFunctions, stackLogGroups, stackTopics } from "./usage-sums.ts";

/** How each reading was obtained: measured on the target, or not, and why. */
export interface MeasurementNote {
  reading: string;
  status: "measured" | "partial" | "not measured";
  source: string;
  detail?: string;
}

/** What a log group's ingestion was read from: its IncomingBytes sum, or a scan of its events. */
export type LogIngestion =
  | { from: "metric"; bytes: number }
  | { from: "scan"; bytes: number; events: number; complete: boolean; maxPages: number };

/** The metric sums' notes: Lambda and the processor's EMF always; AWS's own where published. */
export function metricNotes(
  stack: StackResources,
  target: string,
  published: PublishedMetrics,
): MeasurementNote[] {
  const { emf } = processorMetricsLocation(stack.processorFunction);
  const ddbSource = `AWS/DynamoDB ConsumedRead/WriteCapacityUnits (TableName=${stack.imagesTable}), Sum`;
  const unpublishedTopics = stackTopics(stack).filter((_, i) => !published.topics[i]);
  return [
    ...stackFunctions(stack).map(
      (fn): MeasurementNote => ({
        reading: `functions.${fn}`,
        status: "measured",
        source: `AWS/Lambda Invocations and Duration (FunctionName=${fn}), Sum; GetFunctionConfiguration for memory and architecture`,
      }),
    ),
    {
      reading: "processor",
      status: "measured",
      source: `${emf.namespace} ${METRICS.imagesProcessed}, ${METRICS.imageSize}, ${METRICS.bytesSaved} (service=${emf.service}), Sum`,
    },
    published.dynamodb
      ? { reading: "dynamodb.consumedCapacityUnits", status: "measured", source: ddbSource }
      : {
          reading: "dynamodb.consumedCapacityUnits",
          status: "not measured",
          source: ddbSource,
          detail: `the ${target} target publishes no AWS/DynamoDB metric for the table (ListMetrics lists none)`,
        },
    unpublishedTopics.length === 0
      ? {
          reading: "sns",
          status: "measured",
          source:
            "AWS/SNS NumberOfMessagesPublished (TopicName) per alert topic, Sum; email notifications = publishes × confirmed email subscriptions",
        }
      : {
          reading: "sns",
          status: "not measured",
          source: "AWS/SNS NumberOfMessagesPublished (TopicName)",
          detail: `the ${target} target publishes no AWS/SNS metric for ${unpublishedTopics.join(", ")}`,
        },
  ];
}

export function logIngestionNotes(
  stack: StackResources,
  target: string,
  read: LogIngestion[],
): MeasurementNote[] {
  return stackLogGroups(stack).map((group, i): MeasurementNote => {
    const reading = `cloudwatch.logIncomingBytes.${group}`;
    const ingestion = read[i];
    if (ingestion === undefined || ingestion.from === "metric")
      return { reading, status: "measured", source: `AWS/Logs IncomingBytes (LogGroupName=${group}), Sum` };
    return {
      reading,
      status: ingestion.complete ? "measured" : "partial",
      source: `the group's events over the window (FilterLogEvents), UTF-8 message bytes: ${ingestion.events.toLocaleString("en-US")} events`,
      detail: `AWS/Logs IncomingBytes is not published for ${group} on the ${target} target${ingestion.complete ? "" : `; the scan stopped after ${ingestion.maxPages} pages, so this is a lower bound`}`,
    };
  });
}

/** The resources' counts and sizes. */
export function resourceNotes(
  stack: StackResources,
  found: {
    customMetrics: number;
    alarms: { standard: number; highResolution: number };
    groupsWithoutStorage: string[];
  },
): MeasurementNote[] {
  const { emf, logNamespace } = processorMetricsLocation(stack.processorFunction);
  const { alarms } = found;
  return [
    {
      reading: "cloudwatch.customMetrics",
      status: "measured",
      source: `ListMetrics: ${emf.namespace} (service=${emf.service}) and ${logNamespace}: ${found.customMetrics} metrics with data in the last two weeks`,
    },
    {
      reading: "cloudwatch.alarms",
      status: "measured",
      source: `DescribeAlarms ${stack.alarmPrefix}* (metric alarms): ${alarms.standard} standard, ${alarms.highResolution} high-resolution`,
    },
    {
      reading: "cloudwatch.logStoredBytes",
      status: "measured",
      source: "DescribeLogGroups storedBytes",
      ...(found.groupsWithoutStorage.length > 0
        ? { detail: `no log group yet (0 bytes): ${found.groupsWithoutStorage.join(", ")}` }
        : {}),
    },
    { reading: "dynamodb.table", status: "measured", source: "DescribeTable ItemCount and TableSizeBytes" },
  ];
}

export function bucketNote(target: string, published: boolean, partial: string[]): MeasurementNote {
  if (published)
    return {
      reading: "s3.buckets",
      status: "measured",
      source: "AWS/S3 BucketSizeBytes (StandardStorage) and NumberOfObjects, the latest daily value",
    };
  return {
    reading: "s3.buckets",
    status: partial.length > 0 ? "partial" : "measured",
    source: "ListObjectVersions: every version's size",
    detail: `AWS/S3 storage metrics are not published on the ${target} target${partial.length > 0 ? `; the listing stopped early for ${partial.join(", ")} (a lower bound)` : ""}`,
  };
}

/** Readings no target offers for this stack; the estimator estimates them (see its assumptions). */
export function unmeasuredNotes(stack: StackResources): MeasurementNote[] {
  return [
    {
      reading: "s3 requests and transfer",
      status: "not measured",
      source: "S3 request metrics (a request-metrics filter on the buckets)",
      detail: "the stack enables no S3 request metrics; presigned downloads are not counted",
    },
    {
      reading: "processor.detectLabelsCalls",
      status: "not measured",
      source: "AWS/Rekognition SuccessfulRequestCount (Operation=DetectLabels)",
      detail:
        "Rekognition's metrics are per account and operation, not per stack: one call per image is assumed",
    },
    {
      reading: "cloudwatch.getMetricDataMetrics",
      status: "not measured",
      source: "the account's GetMetricData usage",
      detail: "CloudWatch publishes no per-caller metric for it",
    },
    {
      reading: "cloudfront",
      status: "not measured",
      source: "AWS/CloudFront Requests and BytesDownloaded (DistributionId)",
      detail:
        stack.cdnUrl === undefined
          ? "no distribution on this target"
          : "the stack's outputs give the distribution's URL, not its id",
    },
  ];
}
