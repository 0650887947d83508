import type { ImageRecord } from "./image-record.ts";
import { assertTransition, type ImageStatus, transitionCondition } from "./image-status.ts";

/**
 * Conditional writes of the image record, shared by the processor and the admin backend's
 * stuck-image job. What the stored record must still be for a write to go ahead: the status and attempt it was
 * read at (image-record's transitionCondition), plus its updatedAt when an abandoned attempt
 * (PROCESSING, older than the function's timeout) is taken over, so two takers cannot both win.
 */
export interface WriteExpectation {
  status: ImageStatus;
  attempts: number;
  updatedAt?: string;
}

/** The status table allows PROCESSING → PROCESSING only here: re-claiming an abandoned attempt. */
export function writeExpectation(current: ImageRecord, next: ImageRecord): WriteExpectation {
  if (current.status === "PROCESSING" && next.status === "PROCESSING") {
    return { status: current.status, attempts: current.attempts, updatedAt: current.updatedAt };
  }
  assertTransition(current.status, next.status);
  return { status: current.status, attempts: current.attempts };
}

/**
 * The record exactly as read (status, attempt and updatedAt): the admin backend's stuck-image
 * job's writes, which must lose to any write of the processor's, and its marks (reinvokedAt),
 * which keep the status.
 */
export function unchangedExpectation(current: ImageRecord, next: ImageRecord): WriteExpectation {
  if (current.status !== next.status) assertTransition(current.status, next.status);
  return { status: current.status, attempts: current.attempts, updatedAt: current.updatedAt };
}

/** The expectation as a DynamoDB condition. */
export function conditionFor(expected: WriteExpectation, next: ImageStatus) {
  if (expected.updatedAt === undefined) return transitionCondition(expected, next);
  return {
    ConditionExpression:
      "#status = :expectedStatus AND #attempts = :expectedAttempts AND #updatedAt = :expectedUpdatedAt",
    ExpressionAttributeNames: { "#status": "status", "#attempts": "attempts", "#updatedAt": "updatedAt" },
    ExpressionAttributeValues: {
      ":expectedStatus": expected.status,
      ":expectedAttempts": expected.attempts,
      ":expectedUpdatedAt": expected.updatedAt,
    },
  };
}

/** Whether a stored record meets the expectation: the same test, for in-memory tables. */
export function meetsExpectation(stored: ImageRecord, expected: WriteExpectation): boolean {
  return (
    stored.status === expected.status &&
    stored.attempts === expected.attempts &&
    (expected.updatedAt === undefined || stored.updatedAt === expected.updatedAt)
  );
}
