import {
  displayFileName,
  type Exif,
  type FailedImageRecord,
  type Failure,
  type ImageRecord,
  type InputFormat,
  type Label,
  type LabelsError,
  type Orientation,
  type Placeholder,
  type ProcessedImageRecord,
  type ProcessingImageRecord,
  type Variant,
} from "@darkroom/image-record";
import type { Step } from "./stopwatch.ts";

/**
 * The records the processor writes, built from the one it read. Timestamps never go before
 * `createdAt` (the API's clock may run ahead of ours), as the schema requires.
 */
export function timestamp(now: Date, notBefore?: string): string {
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
export interface Known {
  format?: InputFormat;
  width?: number;
  height?: number;
  orientation?: Orientation;
}

export function failedFrom(
  claim: ProcessingImageRecord,
  failure: Failure,
  known: Known,
  timings: Partial<Record<Step, number>>,
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

export interface Results {
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
  results: Results,
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
