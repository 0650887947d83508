import { z } from "zod";

/**
 * The S3 event at the function's edge, validated. Only what the processor uses is read; S3 adds
 * fields over time, and those pass through unchecked.
 */
const s3RecordSchema = z.object({
  eventSource: z.literal("aws:s3"),
  eventName: z.string().min(1),
  s3: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({
      key: z.string().min(1),
      /** Present on ObjectCreated events; HeadObject fills in when absent. */
      size: z.number().int().nonnegative().optional(),
    }),
  }),
  /** Not S3's: the admin backend's "reprocess" marks its invocation (see ObjectCreated.reprocess). */
  darkroomReprocess: z.literal(true).optional(),
});

const s3EventSchema = z.object({ Records: z.array(z.unknown()) });

/** One created object, its key decoded. */
export interface ObjectCreated {
  bucket: string;
  key: string;
  size: number | undefined;
  eventName: string;
  /**
   * A deliberate re-processing (the admin backend invokes the function with this mark): a
   * PROCESSED or FAILED image is processed again, where S3's redelivery would be a duplicate.
   */
  reprocess?: boolean;
}

export type EventRecord =
  | { kind: "created"; object: ObjectCreated }
  | { kind: "skipped"; reason: string; eventName?: string };

/**
 * S3 URL-encodes keys in events, with '+' for spaces. Darkroom's own keys never need it, but an
 * object put by hand (`aws s3 cp "my photo.jpg"`) arrives encoded.
 */
export function decodeEventKey(key: string): string | null {
  try {
    return decodeURIComponent(key.replace(/\+/g, " "));
  } catch {
    return null;
  }
}

/** The event's records; null when the event is not an S3 event at all. */
export function parseS3Event(event: unknown): EventRecord[] | null {
  const parsed = s3EventSchema.safeParse(event);
  if (!parsed.success) return null;
  return parsed.data.Records.map((raw): EventRecord => {
    const record = s3RecordSchema.safeParse(raw);
    if (!record.success)
      return { kind: "skipped", reason: `not an S3 record: ${z.prettifyError(record.error)}` };
    const { eventName, s3, darkroomReprocess } = record.data;
    if (!eventName.startsWith("ObjectCreated:")) {
      return { kind: "skipped", reason: "not an ObjectCreated event", eventName };
    }
    const key = decodeEventKey(s3.object.key);
    if (key === null)
      return { kind: "skipped", reason: "the object key is not valid URL encoding", eventName };
    const object = { bucket: s3.bucket.name, key, size: s3.object.size, eventName };
    return { kind: "created", object: darkroomReprocess ? { ...object, reprocess: true } : object };
  });
}
