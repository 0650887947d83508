import { S3ServiceException } from "@aws-sdk/client-s3";
import {
  fromImageItem,
  type ImageItem,
  type ImageRecord,
  type Label,
  type LabelItem,
  labelItems,
  meetsExpectation,
  toImageItem,
  writeExpectation,
} from "@darkroom/image-record";
import type { ProcessorDeps } from "../../src/process-image.ts";
import type { ImageTable, WriteResult } from "../../src/repositories/image-table.ts";
import type { LabelDetector, LabelSource } from "../../src/repositories/label-detector.ts";
import type { ObjectStore } from "../../src/repositories/object-store.ts";
import type { Telemetry } from "../../src/telemetry.ts";

/**
 * Small in-memory stand-ins for S3, DynamoDB and Rekognition, behind the processor's interfaces,
 * for the use case's tests. The table validates every write with image-record's toImageItem and
 * applies the same write conditions as the DynamoDB one; the image work stays real sharp.
 */

type Operation = "head" | "read" | "write";

/** An S3 error as the SDK throws it: a 5xx is the server's fault, anything else the client's. */
export function s3Error(name: string, status: number, message = `${name} happened`): S3ServiceException {
  return new S3ServiceException({
    name,
    $fault: status >= 500 ? "server" : "client",
    $metadata: { httpStatusCode: status },
    message,
  });
}

export class InMemoryObjectStore implements ObjectStore {
  readonly objects = new Map<string, { body: Buffer; contentType: string | undefined }>();
  readonly calls: { op: Operation; bucket: string; key: string; maxBytes?: number }[] = [];
  /** Errors to throw, one per call, per operation. */
  readonly failures: Partial<Record<Operation, unknown[]>> = {};

  put(bucket: string, key: string, body: Buffer, contentType?: string): void {
    this.objects.set(`${bucket}/${key}`, { body, contentType });
  }

  body(bucket: string, key: string): Buffer | undefined {
    return this.objects.get(`${bucket}/${key}`)?.body;
  }

  keys(bucket: string): string[] {
    return [...this.objects.keys()]
      .filter((k) => k.startsWith(`${bucket}/`))
      .map((k) => k.slice(bucket.length + 1));
  }

  count(op: Operation): number {
    return this.calls.filter((call) => call.op === op).length;
  }

  private enter(op: Operation, bucket: string, key: string, maxBytes?: number): void {
    this.calls.push({ op, bucket, key, ...(maxBytes !== undefined ? { maxBytes } : {}) });
    const error = this.failures[op]?.shift();
    if (error !== undefined) throw error;
  }

  private stored(bucket: string, key: string) {
    const object = this.objects.get(`${bucket}/${key}`);
    if (!object) {
      throw s3Error("NotFound", 404, "Not Found");
    }
    return object;
  }

  async head(bucket: string, key: string) {
    this.enter("head", bucket, key);
    const object = this.stored(bucket, key);
    return { bytes: object.body.length, contentType: object.contentType };
  }

  async read(bucket: string, key: string, maxBytes: number) {
    this.enter("read", bucket, key, maxBytes);
    const { body } = this.stored(bucket, key);
    return { body: body.subarray(0, maxBytes), complete: body.length <= maxBytes };
  }

  async write(bucket: string, key: string, body: Buffer, contentType: string) {
    this.enter("write", bucket, key);
    this.put(bucket, key, body, contentType);
  }
}

export class InMemoryImageTable implements ImageTable {
  readonly items = new Map<string, ImageItem>();
  readonly labels = new Map<string, LabelItem[]>();
  /** Every record written, in order. */
  readonly written: ImageRecord[] = [];
  /** Runs before a replace checks its condition: lets a test change the record under it. */
  beforeReplace: ((next: ImageRecord) => void) | undefined;

  /** Stores a record as another writer (the API) would. */
  seed(record: ImageRecord): void {
    this.items.set(record.imageId, toImageItem(record));
  }

  record(imageId: string): ImageRecord | undefined {
    const item = this.items.get(imageId);
    return item ? fromImageItem(item) : undefined;
  }

  async get(imageId: string) {
    return this.record(imageId);
  }

  async create(record: ImageRecord): Promise<WriteResult> {
    const item = toImageItem(record);
    if (this.items.has(record.imageId)) return "conflict";
    this.items.set(record.imageId, item);
    this.written.push(record);
    return "written";
  }

  async replace(current: ImageRecord, next: ImageRecord): Promise<WriteResult> {
    const item = toImageItem(next);
    const expected = writeExpectation(current, next);
    this.beforeReplace?.(next);
    const stored = this.record(next.imageId);
    if (stored === undefined || !meetsExpectation(stored, expected)) return "conflict";
    this.items.set(next.imageId, item);
    if (next.status === "PROCESSED") this.labels.set(next.imageId, labelItems(next));
    this.written.push(next);
    return "written";
  }
}

export class FakeLabelDetector implements LabelDetector {
  readonly sources: LabelSource[] = [];
  private readonly answer: Label[] | Error;
  constructor(answer: Label[] | Error) {
    this.answer = answer;
  }

  async detect(source: LabelSource): Promise<Label[]> {
    this.sources.push(source);
    if (this.answer instanceof Error) throw this.answer;
    return this.answer;
  }
}

export type TelemetryEvent = {
  [K in keyof Telemetry]: { type: K; detail: Parameters<Telemetry[K]>[0] };
}[keyof Telemetry];

/** A Telemetry that keeps what it was told. */
export class RecordingTelemetry implements Telemetry {
  readonly events: TelemetryEvent[] = [];
  types(): string[] {
    return this.events.filter((e) => e.type !== "memory").map((e) => e.type);
  }
  ignored(detail: Parameters<Telemetry["ignored"]>[0]) {
    this.events.push({ type: "ignored", detail });
  }
  duplicate(detail: Parameters<Telemetry["duplicate"]>[0]) {
    this.events.push({ type: "duplicate", detail });
  }
  started(detail: Parameters<Telemetry["started"]>[0]) {
    this.events.push({ type: "started", detail });
  }
  largeImage(detail: Parameters<Telemetry["largeImage"]>[0]) {
    this.events.push({ type: "largeImage", detail });
  }
  labelsFailed(detail: Parameters<Telemetry["labelsFailed"]>[0]) {
    this.events.push({ type: "labelsFailed", detail });
  }
  processed(detail: Parameters<Telemetry["processed"]>[0]) {
    this.events.push({ type: "processed", detail });
  }
  failed(detail: Parameters<Telemetry["failed"]>[0]) {
    this.events.push({ type: "failed", detail });
  }
  transient(detail: Parameters<Telemetry["transient"]>[0]) {
    this.events.push({ type: "transient", detail });
  }
  unrecorded(detail: Parameters<Telemetry["unrecorded"]>[0]) {
    this.events.push({ type: "unrecorded", detail });
  }
  claimLost(detail: Parameters<Telemetry["claimLost"]>[0]) {
    this.events.push({ type: "claimLost", detail });
  }
  memory(detail: Parameters<Telemetry["memory"]>[0]) {
    this.events.push({ type: "memory", detail });
  }
}

/** A clock the test moves. */
export class TestClock {
  private ms = Date.parse("2025-03-01T10:00:00.000Z");
  now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

export const UPLOADS = "darkroom-uploads";
export const MEDIA = "darkroom-media";

export interface FakeWorld {
  deps: ProcessorDeps;
  objects: InMemoryObjectStore;
  table: InMemoryImageTable;
  telemetry: RecordingTelemetry;
  clock: TestClock;
}

export function fakeWorld(
  options: { labels?: LabelDetector | null; maxUploadBytes?: number } = {},
): FakeWorld {
  const objects = new InMemoryObjectStore();
  const table = new InMemoryImageTable();
  const telemetry = new RecordingTelemetry();
  const clock = new TestClock();
  const labels = options.labels === undefined ? new FakeLabelDetector([]) : options.labels;
  return {
    objects,
    table,
    telemetry,
    clock,
    deps: {
      uploadsBucket: UPLOADS,
      mediaBucket: MEDIA,
      maxUploadBytes: options.maxUploadBytes ?? 5 * 1024 * 1024,
      objects,
      table,
      labels,
      telemetry,
      now: clock.now,
    },
  };
}
