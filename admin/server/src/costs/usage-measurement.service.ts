import { VARIANT_SPECS } from "@darkroom/image-record";
import { Inject, Injectable } from "@nestjs/common";
import { processorMetricsLocation } from "../../../../infra/alarms.ts";
import { ALERT_TOPICS } from "../../../../infra/alerts.ts";
import {
  ADMIN_SETTINGS,
  ALARMS,
  FUNCTION_LOGS,
  METRIC_DATA,
  STACK_RESOURCES,
  USAGE_SOURCES,
} from "../app/tokens.ts";
import type { Alarm, Alarms } from "../repositories/alarms.repository.ts";
import type { FunctionLogs } from "../repositories/function-logs.repository.ts";
import type { MetricData, MetricQuery, MetricRef } from "../repositories/metric-data.repository.ts";
import type { UsageSources } from "../repositories/usage-sources.repository.ts";
import type { AdminSettings } from "../settings/admin-settings.ts";
import type { StackResources } from "../settings/stack-resources.ts";
import type { MeasuredReadings } from "./measured-usage.ts";
import {
  bucketNote,
  type LogIngestion,
  logIngestionNotes,
  type MeasurementNote,
  metricNotes,
  resourceNotes,
  unmeasuredNotes,
} from "./usage-notes.ts";
import {
  type PublishedMetrics,
  SUM_ID,
  stackFunctions,
  stackLogGroups,
  stackTopics,
  sumsOf,
  usageSumQueries,
} from "./usage-sums.ts";

export type { MeasurementNote } from "./usage-notes.ts";

export interface Measurement {
  readings: MeasuredReadings;
  notes: MeasurementNote[];
  /** The period the metric sums were read at (the window ÷ at most 1,440 buckets). */
  periodSeconds: number;
}

const MAX_BUCKETS = 1_440;
const DAY_MS = 86_400_000;
/** Pages of log events read when a log group's IncomingBytes is not published (10,000 each at most). */
const MAX_LOG_SCAN_PAGES = 20;

/** The stack's dashboard: named with the prefix its alarms carry, without the dash (infra/monitoring.ts). */
const dashboardName = (stack: StackResources) => stack.alarmPrefix.replace(/-$/, "");

/** Standard and high-resolution alarms: a period under 60 s, its own or a metric-math line's. */
function alarmCounts(alarms: readonly Alarm[]): { standard: number; highResolution: number } {
  const highResolution = alarms.filter((alarm) =>
    [alarm.period, ...alarm.metrics.map((line) => line.metric?.period)].some(
      (period) => period !== null && period !== undefined && period < 60,
    ),
  ).length;
  return { standard: alarms.length - highResolution, highResolution };
}

const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;
const total = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0);

/**
 * Reads the pipeline's usage over a window from the target: metric sums in one GetMetricData call
 * (Lambda, the processor's EMF metrics, and AWS/DynamoDB, AWS/SNS and AWS/Logs where the target
 * publishes them), plus the resources' settings and sizes. What cannot be measured is left out of
 * the readings (the estimator then estimates it and says so) and noted with the reason.
 */
@Injectable()
export class UsageMeasurementService {
  readonly #metrics: MetricData;
  readonly #sources: UsageSources;
  readonly #logs: FunctionLogs;
  readonly #alarms: Alarms;
  readonly #stack: StackResources;
  readonly #settings: AdminSettings;

  constructor(
    @Inject(METRIC_DATA) metrics: MetricData,
    @Inject(USAGE_SOURCES) sources: UsageSources,
    @Inject(FUNCTION_LOGS) logs: FunctionLogs,
    @Inject(ALARMS) alarms: Alarms,
    @Inject(STACK_RESOURCES) stack: StackResources,
    @Inject(ADMIN_SETTINGS) settings: AdminSettings,
  ) {
    this.#metrics = metrics;
    this.#sources = sources;
    this.#logs = logs;
    this.#alarms = alarms;
    this.#stack = stack;
    this.#settings = settings;
  }

  async measure(windowHours: number, now = Date.now()): Promise<Measurement> {
    const stack = this.#stack;
    const target = this.#settings.target;
    // Whole minutes, up to the minute in progress: what was just processed counts.
    const end = Math.ceil(now / 60_000) * 60_000;
    const start = end - windowHours * 3_600_000;
    const periodSeconds = Math.max(60, Math.ceil((end - start) / 1000 / MAX_BUCKETS / 60) * 60);
    const { emf, logNamespace } = processorMetricsLocation(stack.processorFunction);
    const [published, emfMetrics, logMetrics] = await Promise.all([
      this.#publishedMetrics(),
      this.#metrics.list(emf.namespace, { service: emf.service }),
      this.#metrics.list(logNamespace),
    ]);

    const topics = stackTopics(stack);
    const logGroups = stackLogGroups(stack);
    const [series, functions, buckets, table, alarms, dashboards, storedBytes, emailSubscriptions] =
      await Promise.all([
        this.#metrics.query(usageSumQueries(stack, published, periodSeconds), {
          start: new Date(start),
          end: new Date(end),
        }),
        Promise.all(stackFunctions(stack).map((fn) => this.#sources.functionSettings(fn))),
        this.#buckets(published.s3, end),
        this.#sources.tableUsage(stack.imagesTable),
        this.#alarms.describe(stack.alarmPrefix).then(alarmCounts),
        this.#sources.dashboards(dashboardName(stack)),
        Promise.all(logGroups.map((group) => this.#sources.logGroupStoredBytes(group))),
        Promise.all(
          ALERT_TOPICS.map((topic, i) =>
            published.topics[i]
              ? this.#sources.emailSubscriptions({
                  name: stack.topicNames[topic],
                  arn: stack.topicArns?.[topic],
                })
              : 0,
          ),
        ),
      ]);
    const sum = sumsOf(series);
    const ingestion = await Promise.all(
      logGroups.map(
        (group, i): Promise<LogIngestion> =>
          published.logGroups[i]
            ? Promise.resolve({ from: "metric", bytes: sum(SUM_ID.incomingBytes(i)) })
            : this.#scanLogBytes(group, start, end),
      ),
    );
    const customMetrics = emfMetrics.length + logMetrics.length;
    const snsMeasured = published.topics.every(Boolean);
    const notes = [
      ...metricNotes(stack, target, published),
      ...logIngestionNotes(stack, target, ingestion),
      ...resourceNotes(stack, {
        customMetrics,
        alarms,
        groupsWithoutStorage: logGroups.filter((_, i) => storedBytes[i] === undefined),
      }),
      buckets.note,
      ...unmeasuredNotes(stack),
    ];
    const readings: MeasuredReadings = {
      window: { start: new Date(start).toISOString(), end: new Date(end).toISOString() },
      functions: functions.map((fn, i) => ({
        name: fn.name,
        architecture: fn.architecture,
        memoryMb: fn.memoryMb,
        invocationsSum: sum(SUM_ID.invocations(i)),
        durationMsSum: sum(SUM_ID.duration(i)),
      })),
      processor: {
        imagesProcessedSum: sum(SUM_ID.images),
        imageSizeBytesSum: sum(SUM_ID.imageBytes),
        // Negative when the JPEG came out larger than the original; the readings count savings.
        bytesSavedSum: Math.max(0, sum(SUM_ID.bytesSaved)),
      },
      variantsPerImage: Object.keys(VARIANT_SPECS).length,
      s3: { buckets: buckets.buckets },
      dynamodb: {
        itemCount: table.itemCount,
        tableSizeBytes: table.sizeBytes,
        ...(published.dynamodb
          ? {
              consumedReadCapacityUnitsSum: sum(SUM_ID.readUnits),
              consumedWriteCapacityUnitsSum: sum(SUM_ID.writeUnits),
            }
          : {}),
      },
      cloudwatch: {
        customMetrics,
        standardAlarms: alarms.standard,
        highResolutionAlarms: alarms.highResolution,
        dashboards: dashboards.filter((name) => name === dashboardName(stack)).length,
        logIncomingBytesSum: total(ingestion.map((read) => read.bytes)),
        logStoredBytes: total(storedBytes.map((bytes) => bytes ?? 0)),
      },
      sns: snsMeasured
        ? {
            publishedSum: total(topics.map((_, i) => sum(SUM_ID.published(i)))),
            emailDeliveredSum: total(
              topics.map((_, i) => sum(SUM_ID.published(i)) * (emailSubscriptions[i] ?? 0)),
            ),
          }
        : {},
    };
    return { readings, notes, periodSeconds };
  }

  async #publishedMetrics(): Promise<PublishedMetrics> {
    const stack = this.#stack;
    const [dynamodb, topics, logGroups, s3] = await Promise.all([
      this.#published("AWS/DynamoDB", { TableName: stack.imagesTable }),
      Promise.all(stackTopics(stack).map((topic) => this.#published("AWS/SNS", { TopicName: topic }))),
      Promise.all(stackLogGroups(stack).map((group) => this.#published("AWS/Logs", { LogGroupName: group }))),
      this.#published("AWS/S3", { BucketName: stack.uploadsBucket }),
    ]);
    return { dynamodb, topics, logGroups, s3 };
  }

  /** Whether the target publishes this AWS metric namespace for the resource (ListMetrics lists it). */
  async #published(namespace: string, dimensions: Record<string, string>): Promise<boolean> {
    return (await this.#metrics.list(namespace, dimensions)).length > 0;
  }

  /**
   * Bucket sizes: AWS/S3's daily BucketSizeBytes and NumberOfObjects where published (AWS), else
   * a listing of every object version.
   */
  async #buckets(
    published: boolean,
    end: number,
  ): Promise<{ buckets: MeasuredReadings["s3"]["buckets"]; note: MeasurementNote }> {
    const names = [this.#stack.uploadsBucket, this.#stack.mediaBucket];
    const target = this.#settings.target;
    if (published) {
      const daily = (id: string, bucket: string, metricName: string, storageType: string): MetricQuery => ({
        id,
        metric: {
          namespace: "AWS/S3",
          metricName,
          dimensions: { BucketName: bucket, StorageType: storageType },
        } satisfies MetricRef,
        stat: "Average",
        periodSeconds: 86_400,
      });
      const queries = names.flatMap((bucket, i) => [
        daily(`size${i}`, bucket, "BucketSizeBytes", "StandardStorage"),
        daily(`count${i}`, bucket, "NumberOfObjects", "AllStorageTypes"),
      ]);
      // Daily points: the last three days hold the latest one.
      const series = await this.#metrics.query(queries, {
        start: new Date(end - 3 * DAY_MS),
        end: new Date(end),
      });
      const latest = (id: string) => series.find((s) => s.id === id)?.points.at(-1)?.value ?? 0;
      return {
        buckets: names.map((name, i) => ({
          name,
          sizeBytes: latest(`size${i}`),
          objectCount: Math.round(latest(`count${i}`)),
        })),
        note: bucketNote(target, true, []),
      };
    }
    const usage = await Promise.all(names.map((bucket) => this.#sources.bucketUsage(bucket)));
    const partial = usage.filter((bucket) => !bucket.complete).map((bucket) => bucket.name);
    return {
      buckets: usage.map(({ name, sizeBytes, objectCount }) => ({ name, sizeBytes, objectCount })),
      note: bucketNote(target, false, partial),
    };
  }

  /** A log group's UTF-8 message bytes over the window, from its events. */
  async #scanLogBytes(logGroup: string, start: number, end: number): Promise<LogIngestion> {
    let bytes = 0;
    let events = 0;
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await this.#logs.page({
        logGroup,
        filterPattern: "",
        startTime: start,
        endTime: end,
        limit: 10_000,
        nextToken,
      });
      for (const event of page.events) bytes += utf8Bytes(event.message);
      events += page.events.length;
      nextToken = page.nextToken;
      pages += 1;
    } while (nextToken !== undefined && pages < MAX_LOG_SCAN_PAGES);
    return { from: "scan", bytes, events, complete: nextToken === undefined, maxPages: MAX_LOG_SCAN_PAGES };
  }
}
