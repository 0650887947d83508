import type { FailureCode } from "./failure-codes.ts";
import type { ImageStatus } from "./image-status.ts";

/** Any shape of the record (stored, the API's copy, a list summary) with the fields the rule reads. */
export interface UploadMissingSource {
  readonly status: ImageStatus;
  readonly failure?: { readonly code: FailureCode };
}

/**
 * Whether the image has no original: its upload never arrived before the presigned POST expired
 * (the stuck-image job's UPLOAD_MISSING, attempts 0). Nothing can be downloaded or re-processed;
 * only uploading the file again helps. The one rule the backend's reprocess and the console share.
 */
export function uploadNeverArrived(record: UploadMissingSource): boolean {
  return record.status === "FAILED" && record.failure?.code === "UPLOAD_MISSING";
}
