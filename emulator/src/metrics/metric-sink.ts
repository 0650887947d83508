/**
 * The internal path for metrics that AWS services publish on their own (Lambda's
 * AWS/Lambda namespace, CloudWatch Logs metric filters and embedded metric format). The
 * emulator's MetricStore (metric-store.ts) stores them; a recording sink keeps them in
 * memory for tests of a publisher alone.
 */

/** One data point, as PutMetricData would carry it. */
export interface MetricDatum {
  accountId: string;
  region: string;
  namespace: string;
  metricName: string;
  value: number;
  /** A CloudWatch StandardUnit, e.g. "Count" or "Milliseconds"; "None" when unset. */
  unit: string;
  dimensions: Record<string, string>;
  timestamp: Date;
  /** 1 for high-resolution data (kept per second for 3 hours); 60 (the default) otherwise. */
  storageResolution?: 1 | 60;
}

export interface MetricSink {
  put(data: readonly MetricDatum[]): void;
}

/** Keeps every data point in memory, newest last, up to a bound. */
export class RecordingMetricSink implements MetricSink {
  private readonly kept: MetricDatum[] = [];
  private readonly limit: number;

  constructor(limit = 100_000) {
    this.limit = limit;
  }

  put(data: readonly MetricDatum[]): void {
    this.kept.push(...data);
    // Old points go first so a long-running emulator stays bounded.
    if (this.kept.length > this.limit) this.kept.splice(0, this.kept.length - this.limit);
  }

  /** The recorded points, optionally only one namespace's. */
  recorded(namespace?: string): MetricDatum[] {
    return namespace === undefined ? [...this.kept] : this.kept.filter((d) => d.namespace === namespace);
  }
}
