import {
  type FailedImageRecord,
  failedFrom,
  type ImageStatus,
  type KnownBeforeFailure,
  MAX_ATTEMPTS,
  MAX_VARIANT_SIDE,
  type ProcessedImageRecord,
  type ProcessingImageRecord,
  type ProcessingResults,
  parseUploadKey,
  processedFrom,
  UPLOAD_PREFIX,
  type VariantName,
} from "@darkroom/image-record";
import { type ClaimTarget, claimImage } from "./claim.ts";
import type { Deadline } from "./deadline.ts";
import { classifyError, type ErrorClass, labelsErrorOf, ProcessingFailure } from "./failures.ts";
import { dominantColour } from "./pipeline/colour.ts";
import { decodeOnce } from "./pipeline/decode.ts";
import { detectFormat } from "./pipeline/detect.ts";
import { type EncodedVariant, encodeVariants } from "./pipeline/encode-variant.ts";
import { readExif } from "./pipeline/exif.ts";
import { checkPixelLimit, readHeader } from "./pipeline/image-header.ts";
import { placeholderOf } from "./pipeline/placeholder.ts";
import { previewOf } from "./pipeline/preview.ts";
import { planVariants } from "./pipeline/variant-plan.ts";
import type { ImageTable } from "./repositories/image-table.ts";
import {
  type LabelDetector,
  type LabelSource,
  REKOGNITION_MAX_IMAGE_BYTES,
} from "./repositories/label-detector.ts";
import type { ObjectStore } from "./repositories/object-store.ts";
import type { ObjectCreated } from "./s3-event.ts";
import { Stopwatch } from "./stopwatch.ts";
import type { Telemetry } from "./telemetry.ts";

/** What the use case needs from outside: settings, the three repositories, where to report. */
export interface ProcessorDeps {
  uploadsBucket: string;
  mediaBucket: string;
  maxUploadBytes: number;
  objects: ObjectStore;
  table: ImageTable;
  /** null when labels are switched off (LABELS_ENABLED=false). */
  labels: LabelDetector | null;
  telemetry: Telemetry;
  now?: () => Date;
  /** Larger variants go to Rekognition by S3 reference; default its 5 MB limit for image bytes. */
  labelBytesLimit?: number;
}

export type Outcome =
  | { kind: "ignored"; reason: string }
  | { kind: "duplicate"; status: ImageStatus; attempts: number }
  | { kind: "processed"; record: ProcessedImageRecord }
  | { kind: "failed"; record: FailedImageRecord }
  /** Another attempt took the record over; this one's result was not written. */
  | { kind: "superseded" };

/** Rekognition looks at this variant: a JPEG, as it requires. */
const LABEL_VARIANT: VariantName = "compressed";
/** A label call gets at most this long; the image does not wait longer for its labels. */
const LABELS_TIMEOUT_MS = 15_000;

/**
 * The recursion guard: only keys under uploads/ in the uploads bucket are handled. Variants go to
 * the media bucket under variants/, so no output of the processor can pass this test.
 */
function uploadTarget(object: ObjectCreated, uploadsBucket: string): ClaimTarget | { reason: string } {
  if (object.bucket !== uploadsBucket) return { reason: `not the uploads bucket (${uploadsBucket})` };
  if (!object.key.startsWith(UPLOAD_PREFIX)) return { reason: `not under ${UPLOAD_PREFIX}` };
  const parts = parseUploadKey(object.key);
  if (parts === null) return { reason: `not an upload key (${UPLOAD_PREFIX}<image id>/<file name>)` };
  const target = { imageId: parts.imageId, bucket: object.bucket, key: object.key, filename: parts.filename };
  return object.reprocess ? { ...target, reprocess: true } : target;
}

/**
 * Handles one created object: claim, process, record. Throws transient errors (for Lambda's retry)
 * and errors it could not record (before the claim, or while writing FAILED); records the rest.
 */
export async function processUpload(
  object: ObjectCreated,
  deps: ProcessorDeps,
  deadline: Deadline,
): Promise<Outcome> {
  const now = deps.now ?? (() => new Date());
  const target = uploadTarget(object, deps.uploadsBucket);
  if ("reason" in target) {
    deps.telemetry.ignored({ reason: target.reason, bucket: object.bucket, key: object.key });
    return { kind: "ignored", reason: target.reason };
  }
  try {
    return await claimAndRun(target, deps, deadline, object, now);
  } catch (error) {
    // Only transient errors, and permanent ones that could not be recorded, get here.
    const classified = classifyError(error);
    if (classified.kind === "transient") {
      deps.telemetry.transient({ imageId: target.imageId, reason: classified.reason, error });
    } else {
      deps.telemetry.unrecorded({ imageId: target.imageId, bucket: object.bucket, key: object.key, error });
    }
    throw error;
  }
}

async function claimAndRun(
  target: ClaimTarget,
  deps: ProcessorDeps,
  deadline: Deadline,
  object: ObjectCreated,
  now: () => Date,
): Promise<Outcome> {
  const claim = await claimImage(target, {
    table: deps.table,
    objects: deps.objects,
    now,
    claimTtlMs: deadline.budgetMs,
  });
  switch (claim.kind) {
    case "ignored":
      deps.telemetry.ignored({ reason: claim.reason, bucket: object.bucket, key: object.key });
      return claim;
    case "duplicate":
      deps.telemetry.duplicate({ imageId: target.imageId, status: claim.status, attempts: claim.attempts });
      return claim;
    case "exhausted": {
      const failure = new ProcessingFailure(
        "INTERNAL",
        `Gave up after ${MAX_ATTEMPTS} attempts that stopped without recording a result ` +
          "(killed at the function's timeout, out of memory, or crashed).",
      );
      return recordFailure(claim.record, failure, {}, new Stopwatch(), deps, deadline, now);
    }
    case "claimed":
      deps.telemetry.started({
        imageId: target.imageId,
        attempt: claim.record.attempts,
        reclaimed: claim.reclaimed,
        createdRecord: claim.created,
        originalBytes: claim.record.originalBytes,
      });
      return runAttempt(claim.record, object, deps, deadline, now);
  }
}

async function runAttempt(
  claim: ProcessingImageRecord,
  object: ObjectCreated,
  deps: ProcessorDeps,
  deadline: Deadline,
  now: () => Date,
): Promise<Outcome> {
  const watch = new Stopwatch();
  const known: KnownBeforeFailure = {};
  try {
    const { results, savedBytes } = await produce(claim, object, deps, deadline, watch, known);
    const processed = processedFrom(claim, results, watch.finish(), now());
    if ((await deps.table.replace(claim, processed)) === "conflict") {
      deps.telemetry.claimLost({ imageId: claim.imageId });
      return { kind: "superseded" };
    }
    deps.telemetry.processed({ record: processed, savedBytes });
    return { kind: "processed", record: processed };
  } catch (error) {
    return recordFailure(claim, error, known, watch, deps, deadline, now);
  } finally {
    deps.telemetry.memory({ rssBytes: process.memoryUsage.rss() });
  }
}

/** Everything between the claim and the final write: the attempt's results. */
async function produce(
  claim: ProcessingImageRecord,
  object: ObjectCreated,
  deps: ProcessorDeps,
  deadline: Deadline,
  watch: Stopwatch,
  known: KnownBeforeFailure,
): Promise<{ results: ProcessingResults; savedBytes: number }> {
  const { objects, maxUploadBytes } = deps;
  // The size from the event (or HEAD): an oversized original is refused before any download.
  const size = object.size ?? (await objects.head(object.bucket, object.key, deadline.signal())).bytes;
  if (size > maxUploadBytes) throw tooLarge(size, maxUploadBytes);
  deadline.check("download");
  // An empty object has nothing to read (S3 refuses any range of it); detection says it is empty.
  const original = await watch.time("download", async () =>
    size === 0
      ? { body: Buffer.alloc(0), complete: true }
      : objects.read(object.bucket, object.key, maxUploadBytes, deadline.signal()),
  );
  // The ranged read stops one byte past the limit, whatever the event said.
  if (!original.complete) throw tooLarge(undefined, maxUploadBytes);
  const body = original.body;

  const { header, pixels } = await watch.time("decode", async () => {
    known.format = detectFormat(body);
    const header = await readHeader(body, known.format);
    Object.assign(known, { width: header.width, height: header.height, orientation: header.orientation });
    checkPixelLimit(header);
    if (Math.max(header.width, header.height) > MAX_VARIANT_SIDE) {
      deps.telemetry.largeImage({
        imageId: claim.imageId,
        width: header.width,
        height: header.height,
        maxSide: MAX_VARIANT_SIDE,
      });
    }
    return { header, pixels: await decodeOnce(body, header, deadline) };
  });

  const plans = planVariants(claim.imageId, pixels);
  const [variants, preview] = await Promise.all([
    encodeVariants(pixels, plans, header.animation, deadline),
    previewOf(pixels),
  ]);
  for (const variant of variants) watch.record(variant.name, variant.ms);

  const compressed = variants.find((variant) => variant.name === LABEL_VARIANT);
  if (compressed === undefined)
    throw new Error(`the ${LABEL_VARIANT} variant, which labels need, is not in the specs`);
  deadline.check("write");
  const writes = watch.time("write", () =>
    Promise.all(
      variants.map((v) => objects.write(deps.mediaBucket, v.key, v.body, v.contentType, deadline.signal())),
    ),
  );
  const [, labelled] = await Promise.all([
    writes,
    detectLabels(claim.imageId, compressed, writes, deps, deadline, watch),
  ]);

  return {
    savedBytes: claim.originalBytes - compressed.body.length,
    results: {
      format: header.format,
      width: header.width,
      height: header.height,
      orientation: header.orientation,
      variants: variants.map(({ name, key, format, width, height, body }) => ({
        name,
        key,
        format,
        width,
        height,
        bytes: body.length,
      })),
      ...labelled,
      exif: readExif(header.exif, { keepLocation: claim.keepLocation }),
      dominantColor: dominantColour(preview),
      placeholder: placeholderOf(preview),
    },
  };
}

/**
 * Labels never fail the image: any error (throttling, the emulator's missing Rekognition, a
 * timeout) leaves `labels: []` and the error in `labelsError`.
 */
async function detectLabels(
  imageId: string,
  compressed: EncodedVariant,
  written: Promise<unknown>,
  deps: ProcessorDeps,
  deadline: Deadline,
  watch: Stopwatch,
): Promise<Pick<ProcessingResults, "labels" | "labelsError">> {
  const detector = deps.labels;
  if (detector === null) return { labels: [], labelsError: undefined };
  return watch.time("labels", async () => {
    let source: LabelSource = { bytes: compressed.body };
    if (compressed.body.length > (deps.labelBytesLimit ?? REKOGNITION_MAX_IMAGE_BYTES)) {
      // Too big to send: Rekognition reads the variant from the media bucket once it is there.
      // A failed write fails the attempt (through the writes' own promise), not the labels.
      await written;
      source = { bucket: deps.mediaBucket, key: compressed.key };
    }
    try {
      return {
        labels: await detector.detect(source, deadline.signal(LABELS_TIMEOUT_MS)),
        labelsError: undefined,
      };
    } catch (error) {
      const labelsError = isAbort(error)
        ? { code: "TIMEOUT", message: `DetectLabels did not answer in time: ${(error as Error).message}` }
        : labelsErrorOf(error);
      deps.telemetry.labelsFailed({ imageId, labelsError });
      return { labels: [], labelsError };
    }
  });
}

function tooLarge(size: number | undefined, limit: number): ProcessingFailure {
  const what = size === undefined ? "The file is larger than" : `The file is ${size} bytes, more than`;
  return new ProcessingFailure("TOO_LARGE", `${what} the upload limit of ${limit} bytes.`);
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
}

/** FAILED with a code, or a rethrow for Lambda's retry when the error is transient. */
async function recordFailure(
  claim: ProcessingImageRecord,
  error: unknown,
  known: KnownBeforeFailure,
  watch: Stopwatch,
  deps: ProcessorDeps,
  deadline: Deadline,
  now: () => Date,
): Promise<Outcome> {
  // An SDK call aborted by the deadline's signal is the deadline's doing.
  const classified: ErrorClass =
    isAbort(error) && deadline.expired()
      ? {
          kind: "permanent",
          code: "TIMEOUT",
          message: deadline.timeout("current").message,
          accessDenied: false,
        }
      : classifyError(error);
  if (classified.kind === "transient") throw error;
  const failed = failedFrom(
    claim,
    { code: classified.code, message: classified.message },
    known,
    watch.finish(),
    now(),
  );
  if ((await deps.table.replace(claim, failed)) === "conflict") {
    deps.telemetry.claimLost({ imageId: claim.imageId });
    return { kind: "superseded" };
  }
  deps.telemetry.failed({
    record: failed,
    accessDenied: classified.accessDenied,
    error,
    remainingMs: deadline.workMs() + deadline.reserveMs,
  });
  return { kind: "failed", record: failed };
}
