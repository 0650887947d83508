import type { MetricScope, MetricStore } from "../../../metrics/metric-store.ts";
import { invalidNextToken, metricDataValidation } from "./errors.ts";
import { type EvaluatedResult, evaluateMetricData, type ResultMessage } from "./metric-data.ts";
import { decodeToken, encodeToken, requestDigest } from "./page-token.ts";
import type { MetricInput } from "./schemas.ts";

const DEFAULT_MAX_DATAPOINTS = 100_800;

export interface MetricDataResultShape {
  Id: string;
  Label: string;
  Timestamps: Date[];
  Values: number[];
  StatusCode: "Complete" | "PartialData" | "InternalError";
  Messages?: ResultMessage[];
}

/**
 * GetMetricData: the evaluation in ScanBy order (newest first by default), paged by
 * MaxDatapoints across the results in request order. Every page lists every result; a result
 * with data points left for later pages is PartialData. As AWS documents, a request with math
 * expressions is not paged.
 */
export function getMetricData(
  store: MetricStore,
  scope: MetricScope,
  input: MetricInput<"GetMetricData">,
  now: number,
): { MetricDataResults: MetricDataResultShape[]; NextToken?: string; Messages: ResultMessage[] } {
  for (const name of ["MetricDataQueries", "StartTime", "EndTime"] as const) {
    if (input[name] === undefined) {
      const member = name.charAt(0).toLowerCase() + name.slice(1);
      throw metricDataValidation(
        `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
      );
    }
  }
  const queries = input.MetricDataQueries!;
  const start = input.StartTime!.getTime();
  const end = input.EndTime!.getTime();
  if (start >= end)
    throw metricDataValidation("The parameter StartTime must be less than the parameter EndTime.");
  const maxDatapoints = input.MaxDatapoints ?? DEFAULT_MAX_DATAPOINTS;
  if (maxDatapoints < 1) throw metricDataValidation("The parameter MaxDatapoints must be greater than 0.");
  const descending = input.ScanBy !== "TimestampAscending";
  const digest = requestDigest([queries, start, end, input.ScanBy ?? null, maxDatapoints]);
  let offset = 0;
  if (input.NextToken !== undefined) {
    const position = decodeToken(input.NextToken, digest);
    if (typeof position !== "number") throw invalidNextToken();
    offset = position;
  }
  const results = evaluateMetricData(store, scope, queries, start, end, now).map((r) =>
    descending ? { ...r, times: r.times.toReversed(), values: r.values.toReversed() } : r,
  );
  const paged = !queries.some((q) => q.Expression !== undefined);
  const limit = paged ? maxDatapoints : Number.POSITIVE_INFINITY;
  let skip = offset;
  let room = limit;
  let more = false;
  const page = results.map((r) => {
    const from = Math.min(skip, r.times.length);
    skip -= from;
    const take = Math.min(room, r.times.length - from);
    room -= take;
    const left = r.times.length - from - take > 0;
    more ||= left;
    return shape(r, from, from + take, left);
  });
  const output: {
    MetricDataResults: MetricDataResultShape[];
    NextToken?: string;
    Messages: ResultMessage[];
  } = {
    MetricDataResults: page,
    Messages: [],
  };
  if (more) output.NextToken = encodeToken(offset + (limit - room), digest);
  return output;
}

function shape(r: EvaluatedResult, from: number, to: number, partial: boolean): MetricDataResultShape {
  const out: MetricDataResultShape = {
    Id: r.id,
    Label: r.label,
    Timestamps: r.times.slice(from, to).map((t) => new Date(t)),
    Values: r.values.slice(from, to),
    StatusCode: partial ? "PartialData" : r.statusCode,
  };
  if (r.messages.length > 0) out.Messages = r.messages;
  return out;
}
