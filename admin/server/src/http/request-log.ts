import { randomUUID } from "node:crypto";
import type { LoggerService } from "@nestjs/common";
import type { NextFunction, Request, Response } from "express";
import type { HttpMetrics } from "../metrics/http-metrics.ts";

/**
 * One structured line per request (method, route template, status, duration, request id) and
 * its duration in the Prometheus histogram. The path is logged without its query string,
 * which may hold cursors and labels people searched for.
 */
export function requestLog(logger: LoggerService, metrics: HttpMetrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    res.setHeader("x-request-id", requestId);
    res.on("finish", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : "unmatched";
      metrics.requestSeconds.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      logger.log(
        {
          msg: "request",
          requestId,
          method: req.method,
          path: req.path,
          route,
          status: res.statusCode,
          durationMs: Math.round(seconds * 10_000) / 10,
        },
        "HTTP",
      );
    });
    next();
  };
}
