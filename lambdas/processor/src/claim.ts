import {
  contentTypeSchema,
  type ImageRecord,
  type ImageStatus,
  MAX_ATTEMPTS,
  newProcessingRecord,
  type ProcessingImageRecord,
  processingFrom,
} from "@darkroom/image-record";
import { isAwsError } from "./failures.ts";
import type { ImageTable } from "./repositories/image-table.ts";
import type { ObjectStore } from "./repositories/object-store.ts";

/**
 * Taking the work: one conditional write turns the record PROCESSING and counts the attempt, so
 * of two deliveries of one event exactly one goes on. The other reads PROCESSING (in progress) or
 * PROCESSED/FAILED (done) and stops. An attempt that died without recording anything (out of
 * memory, or a transient error rethrown for the retry) leaves PROCESSING behind: once older than
 * the function's timeout it is taken over. After MAX_ATTEMPTS (image-record) such attempts the
 * next delivery records FAILED instead.
 */

/** Two hosts' clocks may differ by this much; an attempt is abandoned only beyond it. */
export const CLOCK_SKEW_MS = 5_000;
const DEFAULT_CONTENT_TYPE = "application/octet-stream";

export type ClaimResult =
  | { kind: "claimed"; record: ProcessingImageRecord; reclaimed: boolean; created: boolean }
  | { kind: "duplicate"; status: ImageStatus; attempts: number }
  | { kind: "ignored"; reason: string }
  /** The record is PROCESSING, abandoned, and out of attempts: the caller records FAILED. */
  | { kind: "exhausted"; record: ProcessingImageRecord };

export interface ClaimTarget {
  imageId: string;
  bucket: string;
  key: string;
  filename: string;
  /** Deliberate: PROCESSED and FAILED are taken again (STATUS_TRANSITIONS allows it), not duplicates. */
  reprocess?: boolean;
}

export interface ClaimOptions {
  table: ImageTable;
  objects: ObjectStore;
  now: () => Date;
  /** The function's timeout: no live attempt holds a claim longer. */
  claimTtlMs: number;
}

export function isAbandoned(record: ImageRecord, now: Date, claimTtlMs: number): boolean {
  return Date.parse(record.updatedAt) + claimTtlMs + CLOCK_SKEW_MS < now.getTime();
}

function isNotFound(error: unknown): boolean {
  return isAwsError(error) && (error.name === "NotFound" || error.$metadata.httpStatusCode === 404);
}

async function createRecord(target: ClaimTarget, options: ClaimOptions): Promise<ClaimResult | "conflict"> {
  let head: Awaited<ReturnType<ObjectStore["head"]>>;
  try {
    head = await options.objects.head(target.bucket, target.key);
  } catch (error) {
    if (isNotFound(error))
      return { kind: "ignored", reason: "the object no longer exists and has no record" };
    throw error;
  }
  if (head.bytes === 0) return { kind: "ignored", reason: "the object is empty and has no record" };
  const contentType = contentTypeSchema.safeParse(head.contentType);
  const record = newProcessingRecord({
    imageId: target.imageId,
    key: target.key,
    filename: target.filename,
    bytes: head.bytes,
    contentType: contentType.success ? contentType.data : DEFAULT_CONTENT_TYPE,
    now: options.now(),
  });
  const result = await options.table.create(record);
  return result === "written" ? { kind: "claimed", record, reclaimed: false, created: true } : "conflict";
}

async function claimFrom(current: ImageRecord, target: ClaimTarget, options: ClaimOptions) {
  const duplicate = { kind: "duplicate", status: current.status, attempts: current.attempts } as const;
  if (current.originalKey !== target.key) {
    return {
      kind: "ignored",
      reason: `the image's record names another original, ${current.originalKey}`,
    } as const;
  }
  if ((current.status === "PROCESSED" || current.status === "FAILED") && !target.reprocess) return duplicate;
  const now = options.now();
  const abandoned = current.status === "PROCESSING" && isAbandoned(current, now, options.claimTtlMs);
  if (current.status === "PROCESSING" && !abandoned) return duplicate;
  if (current.status === "PROCESSING" && current.attempts >= MAX_ATTEMPTS) {
    return { kind: "exhausted", record: current } as const;
  }
  const next = processingFrom(current, now);
  const result = await options.table.replace(current, next);
  if (result === "conflict") return "conflict";
  return { kind: "claimed", record: next, reclaimed: abandoned, created: false } as const;
}

/** Claims the image's processing; re-reads and decides again when a write loses a race. */
export async function claimImage(target: ClaimTarget, options: ClaimOptions): Promise<ClaimResult> {
  let last: ImageRecord | undefined;
  for (let round = 0; round < 3; round++) {
    last = await options.table.get(target.imageId);
    const result =
      last === undefined ? await createRecord(target, options) : await claimFrom(last, target, options);
    if (result !== "conflict") return result;
  }
  // Three lost races in a row: others are busy with this image.
  const latest = (await options.table.get(target.imageId)) ?? last;
  return { kind: "duplicate", status: latest?.status ?? "PROCESSING", attempts: latest?.attempts ?? 0 };
}
