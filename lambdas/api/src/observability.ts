import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";

/** What the API counts; a port, so services and tests do not depend on Powertools. */
export interface ApiMetrics {
  uploadCreated(): void;
  /** A response with status ≥ 400 on `route` ("GET /images", or "unmatched"). */
  requestFailed(route: string, status: number): void;
}

/** The log lines the API writes; Powertools' Logger has this shape. */
export interface ApiLogger {
  info(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName });
}

/**
 * EMF metrics: UploadsCreated, and per route ApiErrors (5xx, ours) and ClientErrors (4xx).
 * Failures are emitted at once with their route dimension; the rest at the end of the request.
 */
export class PowertoolsApiMetrics implements ApiMetrics {
  readonly metrics: Metrics;

  constructor(namespace: string, serviceName: string) {
    this.metrics = new Metrics({ namespace, serviceName });
  }

  uploadCreated(): void {
    this.metrics.addMetric("UploadsCreated", MetricUnit.Count, 1);
  }

  requestFailed(route: string, status: number): void {
    const metric = this.metrics.singleMetric();
    metric.addDimension("route", route);
    metric.addMetric(status >= 500 ? "ApiErrors" : "ClientErrors", MetricUnit.Count, 1);
  }

  /** Writes the stored metrics, if any (an empty flush would only log a warning). */
  flush(): void {
    if (this.metrics.hasStoredMetrics()) this.metrics.publishStoredMetrics();
  }
}
