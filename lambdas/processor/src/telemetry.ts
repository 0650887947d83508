import type {
  FailedImageRecord,
  ImageStatus,
  LabelsError,
  ProcessedImageRecord,
} from "@darkroom/image-record";

/**
 * What the processor reports as it goes. The use case calls these; powertools-telemetry.ts
 * turns them into the structured log lines and EMF metrics the README lists (and the alarms
 * match), and tests record them.
 */
export interface Telemetry {
  /** An event record that is not an upload to handle: another bucket, another prefix, another event. */
  ignored(detail: { reason: string; bucket?: string; key?: string; eventName?: string }): void;
  /** The record says another attempt has it or finished it. */
  duplicate(detail: { imageId: string; status: ImageStatus; attempts: number }): void;
  /** `originalBytes`: the upload's size, as S3's event (or the record) gives it. */
  started(detail: {
    imageId: string;
    attempt: number;
    reclaimed: boolean;
    createdRecord: boolean;
    originalBytes: number;
  }): void;
  /** An original with a side over the variants' maximum: it is resized on decode. */
  largeImage(detail: { imageId: string; width: number; height: number; maxSide: number }): void;
  labelsFailed(detail: { imageId: string; labelsError: LabelsError }): void;
  processed(detail: { record: ProcessedImageRecord; savedBytes: number }): void;
  failed(detail: {
    record: FailedImageRecord;
    accessDenied: boolean;
    error: unknown;
    remainingMs: number;
  }): void;
  /** Rethrown so Lambda retries; the record stays PROCESSING until the retry takes it over. */
  transient(detail: { imageId?: string; reason: string; error: unknown }): void;
  /** A permanent error before the claim (or while recording FAILED): no record says what happened. */
  unrecorded(detail: { imageId: string; bucket: string; key: string; error: unknown }): void;
  /** Another attempt took the record over while this one worked: its result is dropped. */
  claimLost(detail: { imageId: string }): void;
  memory(detail: { rssBytes: number }): void;
}

/** A Telemetry that reports nothing, for callers that do not care. */
export const silentTelemetry: Telemetry = {
  ignored() {},
  duplicate() {},
  started() {},
  largeImage() {},
  labelsFailed() {},
  processed() {},
  failed() {},
  transient() {},
  unrecorded() {},
  claimLost() {},
  memory() {},
};
