import type { MetricDatum, MetricSink } from "../../../metrics/metric-sink.ts";
import type { FunctionSnapshot } from "./contract.ts";

const NAMESPACE = "AWS/Lambda";

/**
 * Lambda's platform metrics. Each point goes out once per dimension set AWS uses:
 * none (all functions of the account), FunctionName, and FunctionName with Resource
 * ("name:version") for published versions.
 */
export class PlatformMetrics {
  private readonly sink: MetricSink;

  constructor(sink: MetricSink) {
    this.sink = sink;
  }

  invoked(fn: FunctionSnapshot, outcome: { durationMs: number; failed: boolean }): void {
    const at = new Date();
    this.sink.put([
      ...this.points(fn, "Invocations", 1, "Count", at),
      ...this.points(fn, "Errors", outcome.failed ? 1 : 0, "Count", at),
      ...this.points(fn, "Duration", outcome.durationMs, "Milliseconds", at),
    ]);
  }

  throttled(fn: FunctionSnapshot): void {
    this.sink.put(this.points(fn, "Throttles", 1, "Count", new Date()));
  }

  /** In-flight invocations once this one started: of the function, and of the account in its region. */
  concurrency(fn: FunctionSnapshot, ofFunction: number, ofAccount: number): void {
    const at = new Date();
    const [account, ...perFunction] = this.dimensionSets(fn);
    this.sink.put([
      this.datum(fn, "ConcurrentExecutions", ofAccount, "Count", account!, at),
      ...perFunction.map((d) => this.datum(fn, "ConcurrentExecutions", ofFunction, "Count", d, at)),
    ]);
  }

  private points(fn: FunctionSnapshot, name: string, value: number, unit: string, at: Date): MetricDatum[] {
    return this.dimensionSets(fn).map((d) => this.datum(fn, name, value, unit, d, at));
  }

  private dimensionSets(fn: FunctionSnapshot): Record<string, string>[] {
    const sets: Record<string, string>[] = [{}, { FunctionName: fn.functionName }];
    if (fn.version !== "$LATEST") {
      sets.push({ FunctionName: fn.functionName, Resource: `${fn.functionName}:${fn.version}` });
    }
    return sets;
  }

  private datum(
    fn: FunctionSnapshot,
    metricName: string,
    value: number,
    unit: string,
    dimensions: Record<string, string>,
    timestamp: Date,
  ): MetricDatum {
    return {
      accountId: fn.accountId,
      region: fn.region,
      namespace: NAMESPACE,
      metricName,
      value,
      unit,
      dimensions,
      timestamp,
    };
  }
}
