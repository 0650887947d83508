import { collectDefaultMetrics, Histogram, Registry } from "prom-client";

/** One registry per app (tests start several apps in one process); Node's default metrics included. */
export class HttpMetrics {
  readonly registry = new Registry();
  readonly requestSeconds: Histogram<"method" | "route" | "status">;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: "darkroom_admin_" });
    this.requestSeconds = new Histogram({
      name: "darkroom_admin_http_request_duration_seconds",
      help: "Admin API requests by route template (not the raw path: ids would explode the series)",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
  }
}
