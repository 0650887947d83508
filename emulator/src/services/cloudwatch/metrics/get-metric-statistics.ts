import type { MetricScope, MetricStore } from "../../../metrics/metric-store.ts";
import { computeStatistic, parseStatistic, type Statistic } from "../../../metrics/statistics.ts";
import { xmlMap } from "../../../protocol/xml.ts";
import {
  invalidParameterCombination,
  invalidParameterValue,
  invalidValueOf,
  missingParameter,
  required,
} from "./errors.ts";
import type { MetricInput } from "./schemas.ts";
import { alignedStart, isValidPeriod } from "./time-range.ts";

const MAX_DATAPOINTS = 1440;

export interface Datapoint {
  Timestamp: Date;
  SampleCount?: number;
  Average?: number;
  Sum?: number;
  Minimum?: number;
  Maximum?: number;
  Unit: string;
  ExtendedStatistics?: Record<string, number>;
}

/**
 * GetMetricStatistics: one datapoint per period and unit (data published with different units
 * is not mixed), in time order. Only the statistics asked for are present; an extended
 * statistic the data cannot give (no raw values) is left out of its datapoint's map.
 */
export function getMetricStatistics(
  store: MetricStore,
  scope: MetricScope,
  input: MetricInput<"GetMetricStatistics">,
  now: number,
): { Label: string; Datapoints: Datapoint[] } {
  required(input.Namespace, "Namespace");
  required(input.MetricName, "MetricName");
  required(input.StartTime, "StartTime");
  required(input.EndTime, "EndTime");
  required(input.Period, "Period");
  const simple = input.Statistics ?? [];
  const extendedNames = input.ExtendedStatistics ?? [];
  if (simple.length > 0 && extendedNames.length > 0) {
    throw invalidParameterCombination(
      "The parameters Statistics and ExtendedStatistics are mutually exclusive and you have specified both.",
    );
  }
  if (simple.length === 0 && extendedNames.length === 0) {
    throw missingParameter(
      "At least one of the parameters Statistics or ExtendedStatistics must be specified.",
    );
  }
  const extended: Array<[string, Statistic]> = extendedNames.map((name) => {
    const stat = parseStatistic(name);
    if (!stat || stat.kind === "simple") throw invalidValueOf(name, "ExtendedStatistics");
    return [name, stat];
  });
  const period = input.Period!;
  if (!isValidPeriod(period)) {
    throw invalidParameterValue("The parameter Period must be 1, 5, 10, 20, 30, or a multiple of 60.");
  }
  const start = input.StartTime!.getTime();
  const end = input.EndTime!.getTime();
  if (start >= end)
    throw invalidParameterValue("The parameter StartTime must be less than the parameter EndTime.");
  const requested = Math.floor((end - start) / (period * 1000));
  if (requested > MAX_DATAPOINTS) {
    throw invalidParameterCombination(
      `You have requested up to ${requested} datapoints, which exceeds the limit of ${MAX_DATAPOINTS}. ` +
        "You may reduce the datapoints requested by increasing Period, or decreasing the time range.",
    );
  }
  const label = input.MetricName!;
  const series = store.findSeries(
    scope,
    input.Namespace!,
    input.MetricName!,
    (input.Dimensions ?? []).map((d) => [d.Name, d.Value] as const),
  );
  if (!series) return { Label: label, Datapoints: [] };
  const periods = store.periods(series, {
    start: alignedStart(start, period, now),
    end,
    periodMs: period * 1000,
    unit: input.Unit,
  });
  const datapoints: Datapoint[] = [];
  for (const data of periods) {
    for (const [unit, parts] of data.units) {
      // Built in AWS's member order, which the query protocol's XML keeps.
      const point: Partial<Datapoint> = { Timestamp: new Date(data.time) };
      for (const name of ["SampleCount", "Average", "Sum", "Minimum", "Maximum"] as const) {
        if (simple.includes(name)) point[name] = computeStatistic({ kind: "simple", name }, parts);
      }
      point.Unit = unit;
      if (extended.length > 0) {
        const values: Record<string, number> = {};
        for (const [name, stat] of extended) {
          const v = computeStatistic(stat, parts);
          if (v !== undefined) values[name] = v;
        }
        point.ExtendedStatistics = xmlMap(values);
      }
      datapoints.push(point as Datapoint);
    }
  }
  return { Label: label, Datapoints: datapoints };
}
