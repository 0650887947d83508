import { randomBytes } from "node:crypto";
import { s3Errors } from "./errors.ts";
import type { MultipartUpload, UploadedPart } from "./model.ts";
import { canonicalUserId } from "./owner.ts";
import type { S3State } from "./state.ts";

export const MIN_PART_SIZE = 5 * 1024 * 1024;
export const MAX_PART_SIZE = 5 * 1024 * 1024 * 1024;
const MAX_PART_NUMBER = 10000;

/** Opaque and URL-safe, and long like AWS's. */
export function newUploadId(): string {
  return randomBytes(48).toString("base64url");
}

/** Part rows are keyed so that the table's sorted keys are in part-number order. */
export function partKey(partNumber: number): string {
  return String(partNumber).padStart(5, "0");
}

/** The partNumber query field of UploadPart, UploadPartCopy and GetObject. */
export function parsePartNumber(value: string | null): number {
  const n = Number(value);
  if (value === null || !/^-?\d+$/.test(value) || n < 1 || n > MAX_PART_NUMBER) {
    throw s3Errors.invalidArgument(
      "Part number must be an integer between 1 and 10000, inclusive",
      "partNumber",
      value ?? "",
    );
  }
  return n;
}

/** The upload with this id for this bucket and key, or NoSuchUpload (also for another key's upload id). */
export function findUpload(
  state: S3State,
  bucket: string,
  key: string,
  uploadId: string | null,
): MultipartUpload {
  const upload = uploadId === null ? undefined : state.uploads.get(uploadId);
  if (!upload || upload.bucket !== bucket || upload.key !== key) {
    throw s3Errors.noSuchUpload(uploadId ?? "");
  }
  return upload;
}

/** The stored parts in part-number order. */
export function uploadedParts(state: S3State, uploadId: string): UploadedPart[] {
  const table = state.parts(uploadId);
  return table.keysSorted().map((k) => table.get(k)!);
}

/** Removes an upload and its part rows, freeing the bytes of parts not in `keep`. */
export function removeUpload(state: S3State, uploadId: string, keep: ReadonlySet<string> = new Set()): void {
  const table = state.parts(uploadId);
  for (const k of [...table.keysSorted()]) {
    const part = table.get(k)!;
    if (!keep.has(part.blobId)) state.store.freeBlob(part.blobId);
    table.delete(k);
  }
  state.uploads.delete(uploadId);
}

/** Multipart listings show the initiator with a display name, the owner without (as S3 does now). */
export function initiatorOf(upload: MultipartUpload): { ID: string; DisplayName: string } {
  return { ID: canonicalUserId(upload.ownerAccountId), DisplayName: "webfile" };
}
