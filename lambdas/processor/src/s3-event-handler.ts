import type { Logger } from "@aws-lambda-powertools/logger";
import type { Metrics } from "@aws-lambda-powertools/metrics";
import type { Context } from "aws-lambda";
import { Deadline } from "./deadline.ts";
import { LOG_LINES } from "./powertools-telemetry.ts";
import { type Outcome, type ProcessorDeps, processUpload } from "./process-image.ts";
import { parseS3Event } from "./s3-event.ts";

export interface HandlerParts {
  deps: ProcessorDeps;
  logger: Logger;
  metrics: Metrics;
}

/** The slice of Lambda's context the handler reads. */
export type InvocationContext = Pick<Context, "getRemainingTimeInMillis"> & Partial<Context>;

/**
 * The Lambda handler over the use case: validate the event, process each record in turn, flush
 * the metrics. A record that throws (transient, reported where it was caught) does not stop the
 * others; the error is thrown at the end so Lambda retries the event, and the records already
 * done find their record finished and stop.
 */
export function s3EventHandler({ deps, logger, metrics }: HandlerParts) {
  return async (event: unknown, context: InvocationContext): Promise<Outcome[]> => {
    if (context.awsRequestId !== undefined) logger.addContext(context as Context);
    const deadline = new Deadline(() => context.getRemainingTimeInMillis());
    try {
      const records = parseS3Event(event);
      if (records === null) {
        // Not an S3 event: a retry would not change it, so it is logged and dropped.
        logger.error(LOG_LINES.invalidEvent.message, { event: LOG_LINES.invalidEvent.event });
        return [];
      }
      const outcomes: Outcome[] = [];
      const errors: unknown[] = [];
      for (const record of records) {
        if (record.kind === "skipped") {
          deps.telemetry.ignored({ reason: record.reason, eventName: record.eventName });
          outcomes.push({ kind: "ignored", reason: record.reason });
          continue;
        }
        try {
          outcomes.push(await processUpload(record.object, deps, deadline));
        } catch (error) {
          errors.push(error);
        }
      }
      if (errors.length === 1) throw errors[0];
      if (errors.length > 1) throw new AggregateError(errors, `${errors.length} records failed`);
      return outcomes;
    } finally {
      metrics.publishStoredMetrics();
    }
  };
}
