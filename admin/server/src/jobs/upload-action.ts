import { type Failure, type UploadedImageRecord, uploadUrlExpiresAt } from "@darkroom/image-record";
import { minutes } from "./durations.ts";

/**
 * What the stuck-image job does with an UPLOADED record: the browser's POST to S3 never came
 * (or failed), or it came and S3's notification never started the processor.
 */
export type UploadAction =
  /** Its presigned POST may still be used, or the grace after it has not passed. */
  | { kind: "wait" }
  /** Look for the original: invoke the processor if it is there, else fail with `missing`. */
  | { kind: "check"; missing: Failure }
  | { kind: "fail"; failure: Failure };

export interface UploadLimits {
  /** How long past the presigned POST's expiry the record is left alone. */
  graceMs: number;
  /** How long the processor has to take the upload up once invoked for it. */
  stuckAfterMs: number;
}

/**
 * Nothing can arrive once the presigned POST expired (image-record's `uploadUrlExpiresAt`), so
 * past that plus the grace the original is there or never will be. Found there, the processor
 * is invoked once (`reinvokedAt`); still UPLOADED `stuckAfterMs` later, it never took the upload
 * up, and the record is FAILED with TIMEOUT. Either FAILED comes before any attempt (attempts 0).
 */
export function uploadAction(record: UploadedImageRecord, now: number, limits: UploadLimits): UploadAction {
  const expiresAt = uploadUrlExpiresAt(record.createdAt);
  if (now <= expiresAt.getTime() + limits.graceMs) return { kind: "wait" };
  if (record.reinvokedAt === undefined) {
    return {
      kind: "check",
      missing: {
        code: "UPLOAD_MISSING",
        message: `The upload never arrived: no file was stored before its presigned POST expired at ${expiresAt.toISOString()}. Upload the file again.`,
      },
    };
  }
  const waited = now - Date.parse(record.reinvokedAt);
  if (waited <= limits.stuckAfterMs) return { kind: "wait" };
  return {
    kind: "fail",
    failure: {
      code: "TIMEOUT",
      message: `The upload arrived but processing never started: the processor, invoked at ${record.reinvokedAt} because S3's notification had not started it, had not taken it up ${minutes(waited)} later.`,
    },
  };
}
