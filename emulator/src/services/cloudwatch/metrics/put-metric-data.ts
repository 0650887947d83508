import type { Contribution } from "../../../metrics/aggregate.ts";
import type { MetricSample } from "../../../metrics/metric-store.ts";
import {
  invalidParameterCombination,
  invalidParameterValue,
  invalidValueOf,
  missingParameter,
  required,
} from "./errors.ts";
import type { MetricDatumInput, MetricInput } from "./schemas.ts";

const HOUR_MS = 3_600_000;
/** AWS takes data points up to two weeks old and up to two hours ahead. */
const MAX_AGE_MS = 14 * 24 * HOUR_MS;
const MAX_AHEAD_MS = 2 * HOUR_MS;
const MAX_DATUMS = 1000;
const MAX_VALUES = 150;
/** Values must lie within ±2^360; smaller magnitudes than 2^-360 (other than 0) are refused too. */
const LARGEST = 2 ** 360;
const SMALLEST = 2 ** -360;

/** PutMetricData's checks, in AWS's order and words; the accepted data as store samples. */
export function samplesOf(input: MetricInput<"PutMetricData">, now: number): MetricSample[] {
  required(input.Namespace, "Namespace");
  const namespace = input.Namespace!;
  if (namespace.startsWith("AWS/")) throw invalidValueOf(namespace, "Namespace");
  const batches: Array<{ prefix: string; data: MetricDatumInput[] }> = [];
  if (input.MetricData && input.MetricData.length > 0)
    batches.push({ prefix: "MetricData", data: input.MetricData });
  input.EntityMetricData?.forEach((entity, i) => {
    if (entity.MetricData && entity.MetricData.length > 0) {
      batches.push({ prefix: `EntityMetricData.member.${i + 1}.MetricData`, data: entity.MetricData });
    }
  });
  if (batches.length === 0) throw missingParameter("The parameter MetricData is required.");
  const total = batches.reduce((n, b) => n + b.data.length, 0);
  if (total > MAX_DATUMS) {
    throw invalidParameterValue(`The collection MetricData must not have a size greater than ${MAX_DATUMS}.`);
  }
  const samples: MetricSample[] = [];
  for (const batch of batches) {
    batch.data.forEach((datum, i) => {
      samples.push(sampleOf(namespace, datum, `${batch.prefix}.member.${i + 1}`, now));
    });
  }
  return samples;
}

function sampleOf(namespace: string, d: MetricDatumInput, path: string, now: number): MetricSample {
  required(d.MetricName, `${path}.MetricName`);
  const names = new Set<string>();
  for (const dim of d.Dimensions ?? []) {
    if (names.has(dim.Name)) {
      throw invalidParameterValue(
        `The parameter ${path}.Dimensions must not contain duplicate dimension names.`,
      );
    }
    names.add(dim.Name);
  }
  const contribution = contributionOf(d, path);
  const resolution = d.StorageResolution ?? 60;
  if (resolution !== 1 && resolution !== 60) throw invalidValueOf(resolution, `${path}.StorageResolution`);
  const timestamp = d.Timestamp?.getTime() ?? now;
  if (timestamp < now - MAX_AGE_MS) {
    throw invalidParameterValue(
      `The parameter ${path}.Timestamp must specify a time within the past two weeks.`,
    );
  }
  if (timestamp > now + MAX_AHEAD_MS) {
    throw invalidParameterValue(
      `The parameter ${path}.Timestamp must specify a time no more than two hours in the future.`,
    );
  }
  return {
    namespace,
    metricName: d.MetricName!,
    dimensions: (d.Dimensions ?? []).map((dim) => [dim.Name, dim.Value] as const),
    unit: d.Unit ?? "None",
    timestamp,
    highResolution: resolution === 1,
    contribution,
  };
}

function contributionOf(d: MetricDatumInput, path: string): Contribution {
  const given = [
    d.Value !== undefined && "Value",
    d.StatisticValues !== undefined && "StatisticValues",
    d.Values !== undefined && "Values",
  ].filter((name): name is string => name !== false);
  if (given.length > 1) {
    throw invalidParameterCombination(
      `The parameters ${path}.${given[0]} and ${path}.${given[1]} are mutually exclusive and you have specified both.`,
    );
  }
  if (d.Counts !== undefined && d.Counts.length !== (d.Values?.length ?? 0)) {
    throw invalidParameterValue(`The parameters ${path}.Values and ${path}.Counts must be of the same size.`);
  }
  if (d.Value !== undefined) {
    checkValue(d.Value, `${path}.Value`);
    return { kind: "values", values: [d.Value] };
  }
  if (d.Values !== undefined) {
    if (d.Values.length > MAX_VALUES) {
      throw invalidParameterValue(
        `The collection ${path}.Values must not have a size greater than ${MAX_VALUES}.`,
      );
    }
    d.Values.forEach((v, i) => {
      checkValue(v, `${path}.Values.member.${i + 1}`);
    });
    d.Counts?.forEach((c, i) => {
      if (!Number.isFinite(c) || c < 0)
        throw invalidValueOf(formatValue(c), `${path}.Counts.member.${i + 1}`);
    });
    return { kind: "values", values: d.Values, counts: d.Counts };
  }
  if (d.StatisticValues !== undefined) return statisticsOf(d.StatisticValues, `${path}.StatisticValues`);
  throw missingParameter(
    `At least one of the parameters ${path}.Value, ${path}.StatisticValues or ${path}.Values must be specified.`,
  );
}

function statisticsOf(s: NonNullable<MetricDatumInput["StatisticValues"]>, path: string): Contribution {
  const fields = ["Maximum", "Minimum", "SampleCount", "Sum"] as const;
  const missing = fields
    .filter((f) => s[f] === undefined)
    .map((f) => `The parameter ${path}.${f} is required.`);
  if (missing.length > 0) throw missingParameter(missing.join("\n"));
  for (const f of fields) checkValue(s[f]!, `${path}.${f}`);
  if (s.SampleCount! <= 0)
    throw invalidParameterValue(`The parameter ${path}.SampleCount must be greater than 0.`);
  if (s.Maximum! < s.Minimum!) {
    throw invalidParameterValue(`The parameter ${path}.Maximum must be greater than ${path}.Minimum.`);
  }
  return { kind: "statistics", sampleCount: s.SampleCount!, sum: s.Sum!, min: s.Minimum!, max: s.Maximum! };
}

function checkValue(value: number, parameter: string): void {
  const magnitude = Math.abs(value);
  if (!Number.isFinite(value) || magnitude > LARGEST || (magnitude !== 0 && magnitude < SMALLEST)) {
    throw invalidValueOf(formatValue(value), parameter);
  }
}

/** Numbers as AWS prints them in messages (Java's spelling of the special values). */
function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "Infinity";
  if (value === Number.NEGATIVE_INFINITY) return "-Infinity";
  return String(value);
}
