import type { Exif, Orientation } from "./exif.ts";
import { displayFileName } from "./file-names.ts";
import type {
  FailedImageRecord,
  ImageRecord,
  ProcessedImageRecord,
  ProcessingImageRecord,
  UploadedImageRecord,
  Variant,
} from "./image-record.ts";
import type { InputFormat } from "./input-formats.ts";
import type { Label } from "./labels.ts";
import type { Failure, LabelsError, Placeholder } from "./record-fields.ts";
import type { TimingStep } from "./timings.ts";
import type { VariantName } from "./variant-specs.ts";

/**
 * The records written when an image changes status, built from the one read: the processor's
 * (PROCESSING, PROCESSED, FAILED) and the admin backend's stuck-image job's (its marks, FAILED),
 * in one place.
 */

/**
 * Attempts that stop without recording a result (killed, out of memory) that the processor takes
 * over; the delivery after the last one records FAILED. Lambda delivers an event at most three
 * times, so with 2 the third delivery still finds the record to close, and no image stays
 * PROCESSING or loops. The admin backend's stuck-image job fails such an image without
 * re-invoking it, since the processor would take no further attempt.
 */
export const MAX_ATTEMPTS = 2;

/** Timestamps never go before `createdAt` (the API's clock may run ahead of ours), as the schema requires. */
function timestamp(now: Date, notBefore?: string): string {
  const iso = now.toISOString();
  return notBefore !== undefined && iso < notBefore ? notBefore : iso;
}

/** A record for an upload nobody recorded (put by hand, or before the API's write). */
export function newProcessingRecord(options: {
  imageId: string;
  key: string;
  filename: string;
  bytes: number;
  contentType: string;
  now: Date;
}): ProcessingImageRecord {
  const at = timestamp(options.now);
  return {
    imageId: options.imageId,
    status: "PROCESSING",
    attempts: 1,
    originalKey: options.key,
    originalBytes: options.bytes,
    contentType: options.contentType,
    originalFileName: displayFileName(options.filename),
    keepLocation: false,
    createdAt: at,
    updatedAt: at,
  };
}

/** What every status keeps from the record before it. */
function common(record: ImageRecord) {
  const { imageId, originalKey, originalBytes, contentType, originalFileName, keepLocation, createdAt } =
    record;
  return { imageId, originalKey, originalBytes, contentType, originalFileName, keepLocation, createdAt };
}

/** The next attempt: attempts counts each one started, so a re-claim counts too. */
export function processingFrom(record: ImageRecord, now: Date): ProcessingImageRecord {
  return {
    ...common(record),
    status: "PROCESSING",
    attempts: record.attempts + 1,
    updatedAt: timestamp(now, record.createdAt),
  };
}

/** What an attempt had measured when it stopped. */
export interface KnownBeforeFailure {
  format?: InputFormat;
  width?: number;
  height?: number;
  orientation?: Orientation;
}

/** The attempt's end as FAILED, with what it had measured and how long its steps took. */
export function failedFrom(
  claim: ProcessingImageRecord,
  failure: Failure,
  known: KnownBeforeFailure,
  timings: Partial<Record<TimingStep<VariantName>, number>>,
  now: Date,
): FailedImageRecord {
  const at = timestamp(now, claim.createdAt);
  return {
    ...common(claim),
    status: "FAILED",
    attempts: claim.attempts,
    failure,
    ...known,
    timings,
    processedAt: at,
    updatedAt: at,
  };
}

/** What a successful attempt found and wrote. */
export interface ProcessingResults {
  format: InputFormat;
  width: number;
  height: number;
  orientation: Orientation | undefined;
  variants: Variant[];
  labels: Label[];
  labelsError: LabelsError | undefined;
  exif: Exif;
  dominantColor: string;
  placeholder: Placeholder;
}

export function processedFrom(
  claim: ProcessingImageRecord,
  results: ProcessingResults,
  timings: ProcessedImageRecord["timings"],
  now: Date,
): ProcessedImageRecord {
  const at = timestamp(now, claim.createdAt);
  const { orientation, labelsError, ...rest } = results;
  return {
    ...common(claim),
    status: "PROCESSED",
    attempts: claim.attempts,
    ...rest,
    ...(orientation !== undefined ? { orientation } : {}),
    ...(labelsError !== undefined ? { labelsError } : {}),
    timings,
    processedAt: at,
    updatedAt: at,
  };
}

/**
 * The stuck-image job's mark on an UPLOADED record whose original it found stored after the
 * presigned POST expired (S3's notification never started processing), written before it invokes
 * the processor, so the upload is invoked for once. The mark moves `updatedAt`: two backends that
 * read the same record cannot both write it, while the processor's claim (on status and attempt
 * only) still goes through.
 */
export function uploadReinvokedFrom(record: UploadedImageRecord, now: Date): UploadedImageRecord {
  const at = timestamp(now, record.updatedAt);
  return { ...record, reinvokedAt: at, updatedAt: at };
}

/**
 * An upload that failed before any processing attempt (attempts 0, nothing measured): its
 * original never arrived (UPLOAD_MISSING), or the processor never took it up (TIMEOUT).
 */
export function failedBeforeProcessingFrom(
  record: UploadedImageRecord,
  failure: Failure,
  now: Date,
): FailedImageRecord {
  const at = timestamp(now, record.updatedAt);
  return { ...common(record), status: "FAILED", attempts: 0, failure, processedAt: at, updatedAt: at };
}
