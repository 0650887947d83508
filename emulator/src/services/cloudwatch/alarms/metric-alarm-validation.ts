import { AwsError } from "../../../protocol/aws-error.ts";
import type { PutMetricAlarmInput } from "./schemas.ts";

/**
 * PutMetricAlarm's checks beyond the model's constraints. Where AWS's wording is known
 * it is used word for word ("Exactly one element of the metrics list should return data.").
 */

const TREATMENTS = ["breaching", "notBreaching", "ignore", "missing"];
/** p95, p99.9, tm90, TM(10%:90%), IQM, PR(1:5) ... */
const EXTENDED = /^(p|tm|tc|ts|wm)\d{1,2}(\.\d+)?$|^(TM|TC|TS|WM|PR)\([^)]*\)$|^IQM$/;

function validation(message: string): AwsError {
  return new AwsError("ValidationError", message, 400);
}

function combination(message: string): AwsError {
  return new AwsError("InvalidParameterCombination", message, 400, {
    shape: "InvalidParameterCombinationException",
  });
}

function invalidValue(message: string): AwsError {
  return new AwsError("InvalidParameterValue", message, 400, { shape: "InvalidParameterValueException" });
}

export function validatePutMetricAlarm(input: PutMetricAlarmInput): void {
  if (input.TreatMissingData !== undefined && !TREATMENTS.includes(input.TreatMissingData)) {
    throw validation(
      `The value ${input.TreatMissingData} is not supported for TreatMissingData parameter. Supported values are [breaching, notBreaching, ignore, missing].`,
    );
  }
  const low = input.EvaluateLowSampleCountPercentile;
  if (low !== undefined && low !== "evaluate" && low !== "ignore") {
    throw validation(
      `Option ${low} is not supported. Supported options for parameter EvaluateLowSampleCountPercentile are evaluate and ignore.`,
    );
  }
  if (input.ExtendedStatistic !== undefined && !EXTENDED.test(input.ExtendedStatistic)) {
    throw invalidValue(
      `The value ${input.ExtendedStatistic} for parameter ExtendedStatistic is not supported.`,
    );
  }
  if (input.Metrics !== undefined && input.Metrics.length > 0) validateMathAlarm(input);
  else validateSingleMetricAlarm(input);
  if (input.DatapointsToAlarm !== undefined && input.DatapointsToAlarm > input.EvaluationPeriods) {
    throw validation("DatapointsToAlarm must be less than or equal to EvaluationPeriods.");
  }
  const isBand = input.ComparisonOperator.includes("Lower") || input.ComparisonOperator.includes("Upper");
  if (isBand && input.ThresholdMetricId === undefined) {
    throw validation(`ComparisonOperator ${input.ComparisonOperator} requires ThresholdMetricId.`);
  }
  if (!isBand && input.ThresholdMetricId !== undefined) {
    throw validation(`ComparisonOperator ${input.ComparisonOperator} cannot be used with ThresholdMetricId.`);
  }
  if (input.ThresholdMetricId === undefined && input.Threshold === undefined) {
    throw validation("Threshold is required when ThresholdMetricId is not set.");
  }
}

function validateSingleMetricAlarm(input: PutMetricAlarmInput): void {
  if (input.MetricName === undefined || input.Namespace === undefined) {
    throw validation("Exactly one element of the metrics list should return data.");
  }
  if (input.Statistic !== undefined && input.ExtendedStatistic !== undefined) {
    throw combination("Statistic and ExtendedStatistic cannot both be specified.");
  }
  if (input.Statistic === undefined && input.ExtendedStatistic === undefined) {
    throw combination("Either Statistic or ExtendedStatistic must be specified.");
  }
  if (input.Period === undefined) {
    throw new AwsError("MissingParameter", "The parameter Period is required.", 400, {
      shape: "MissingRequiredParameterException",
    });
  }
  validatePeriod(input.Period, input.EvaluationPeriods);
}

function validateMathAlarm(input: PutMetricAlarmInput): void {
  const metrics = input.Metrics ?? [];
  const single = [
    input.MetricName,
    input.Namespace,
    input.Dimensions?.length ? input.Dimensions : undefined,
    input.Period,
    input.Unit,
    input.Statistic,
    input.ExtendedStatistic,
  ];
  if (single.some((v) => v !== undefined)) {
    throw combination(
      "The parameters Namespace, MetricName, Dimensions, Period, Unit, Statistic and ExtendedStatistic cannot be used with Metrics.",
    );
  }
  const ids = new Set<string>();
  for (const query of metrics) {
    if (ids.has(query.Id)) throw validation(`The value ${query.Id} for field Id is not unique.`);
    ids.add(query.Id);
    if ((query.MetricStat === undefined) === (query.Expression === undefined)) {
      throw validation(
        "Exactly one of MetricStat and Expression must be set in each element of the metrics list.",
      );
    }
    const period = query.MetricStat?.Period ?? query.Period;
    if (period !== undefined) validatePeriod(period, input.EvaluationPeriods);
  }
  const returning = metrics.filter((q) => q.ReturnData !== false && q.Id !== input.ThresholdMetricId);
  if (returning.length !== 1) throw validation("Exactly one element of the metrics list should return data.");
  if (input.ThresholdMetricId !== undefined && !ids.has(input.ThresholdMetricId)) {
    throw validation(
      `ThresholdMetricId ${input.ThresholdMetricId} does not match any Id in the metrics list.`,
    );
  }
}

/** 10, 20, 30 or a multiple of 60; at most a day of periods (a week past hour-long periods). */
function validatePeriod(period: number, evaluationPeriods: number): void {
  if (![10, 20, 30].includes(period) && period % 60 !== 0) {
    throw validation("Period must be 10, 20, 30 or a multiple of 60.");
  }
  const limit = period >= 3600 ? 604_800 : 86_400;
  if (period * evaluationPeriods > limit) {
    throw validation(`The product of EvaluationPeriods and Period must not exceed ${limit} seconds.`);
  }
}
