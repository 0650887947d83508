import { z } from "zod";

/**
 * An image's processing status:
 *   UPLOADED → PROCESSING → PROCESSED | FAILED
 *   UPLOADED → FAILED                 the upload never came, or was never taken up (the stuck-image job)
 *   PROCESSED | FAILED → PROCESSING   deliberate re-processing
 */
export const IMAGE_STATUSES = ["UPLOADED", "PROCESSING", "PROCESSED", "FAILED"] as const;
export const imageStatusSchema = z.enum(IMAGE_STATUSES);
export type ImageStatus = z.infer<typeof imageStatusSchema>;

export const STATUS_TRANSITIONS: { readonly [S in ImageStatus]: readonly ImageStatus[] } = {
  UPLOADED: ["PROCESSING", "FAILED"],
  PROCESSING: ["PROCESSED", "FAILED"],
  PROCESSED: ["PROCESSING"],
  FAILED: ["PROCESSING"],
};

export function canTransition(from: ImageStatus, to: ImageStatus): boolean {
  return STATUS_TRANSITIONS[from].includes(to);
}

export function assertTransition(from: ImageStatus, to: ImageStatus): void {
  if (!canTransition(from, to)) {
    const allowed = STATUS_TRANSITIONS[from].join(" or ");
    throw new Error(`invalid status transition ${from} → ${to}: ${from} may only become ${allowed}`);
  }
}

/**
 * The DynamoDB condition for writing a transition from the record as it was read: same status,
 * same attempt. A duplicate S3 delivery then fails the condition instead of starting (and
 * counting) a second attempt, and a stale attempt cannot overwrite a newer one's result.
 */
export function transitionCondition(current: { status: ImageStatus; attempts: number }, to: ImageStatus) {
  assertTransition(current.status, to);
  return {
    ConditionExpression: "#status = :expectedStatus AND #attempts = :expectedAttempts",
    ExpressionAttributeNames: { "#status": "status", "#attempts": "attempts" },
    ExpressionAttributeValues: { ":expectedStatus": current.status, ":expectedAttempts": current.attempts },
  };
}
