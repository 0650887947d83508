import { z } from "zod";
import type { MetricDatum } from "../../metrics/metric-sink.ts";
import type { IncomingEvent } from "./event-log.ts";
import { standardUnit } from "./fields.ts";
import type { Scope } from "./state.ts";

/**
 * CloudWatch embedded metric format: a log event whose message is a JSON object with
 * `_aws.CloudWatchMetrics` becomes metrics, as CloudWatch Logs extracts them. Each directive
 * publishes every metric it names once per dimension set, with the values (a number or an
 * array of numbers) and dimension values (strings) taken from the root members the names
 * refer to. Lambda may put its "timestamp<TAB>request id<TAB>level<TAB>" in front of the JSON.
 * A document that breaks the specification yields no metrics; the event is stored all the same.
 */

const name = z.string().min(1).max(255);
const directive = z.object({
  Namespace: name,
  Dimensions: z.array(z.array(name).max(30)).min(1),
  Metrics: z
    .array(
      z.object({
        Name: name,
        Unit: standardUnit.optional(),
        StorageResolution: z.union([z.literal(1), z.literal(60)]).optional(),
      }),
    )
    .max(100),
});
const metadata = z.object({
  Timestamp: z.number().int(),
  CloudWatchMetrics: z.array(directive),
});
const metricValue = z.union([z.number(), z.array(z.number()).max(100)]);

/** Lambda's prefix for lines written through console: timestamp, request id and level. */
const LAMBDA_PREFIX = /^[^\t{]*\t[^\t{]*\t(?:[A-Z]+\t)?(?=\{)/;

/** The metric data points the events' EMF documents hold, in event order. */
export function embeddedMetrics(events: readonly IncomingEvent[], scope: Scope): MetricDatum[] {
  const data: MetricDatum[] = [];
  for (const event of events) {
    // Cheap test first: most log lines are not EMF.
    if (!event.message.includes('"_aws"')) continue;
    const doc = documentOf(event.message);
    if (doc) for (const datum of metricsOf(doc, scope)) data.push(datum);
  }
  return data;
}

function documentOf(message: string): Record<string, unknown> | null {
  let text = message.trim();
  if (!text.startsWith("{")) {
    const prefix = LAMBDA_PREFIX.exec(text);
    if (!prefix) return null;
    text = text.slice(prefix[0].length);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function metricsOf(doc: Record<string, unknown>, scope: Scope): MetricDatum[] {
  const meta = metadata.safeParse(doc._aws);
  if (!meta.success) return [];
  const timestamp = new Date(meta.data.Timestamp);
  const data: MetricDatum[] = [];
  for (const d of meta.data.CloudWatchMetrics) {
    const dimensionSets: Array<Record<string, string>> = [];
    for (const set of d.Dimensions) {
      // Keys come from the document: none may reach an object's prototype.
      const dimensions = Object.create(null) as Record<string, string>;
      for (const key of set) {
        const value = Object.hasOwn(doc, key) ? doc[key] : undefined;
        if (typeof value !== "string" || value === "") return [];
        dimensions[key] = value;
      }
      dimensionSets.push(dimensions);
    }
    for (const metric of d.Metrics) {
      const target = metricValue.safeParse(Object.hasOwn(doc, metric.Name) ? doc[metric.Name] : undefined);
      if (!target.success) return [];
      const values = typeof target.data === "number" ? [target.data] : target.data;
      if (values.some((v) => !Number.isFinite(v))) return [];
      for (const dimensions of dimensionSets) {
        for (const value of values) {
          data.push({
            accountId: scope.accountId,
            region: scope.region,
            namespace: d.Namespace,
            metricName: metric.Name,
            value,
            unit: metric.Unit ?? "None",
            dimensions,
            timestamp,
            storageResolution: metric.StorageResolution ?? 60,
          });
        }
      }
    }
  }
  return data;
}
