import { type ImageRecord, newImageId } from "@darkroom/image-record";
import {
  failedRecord,
  IMAGE_ID,
  processedRecord,
  processingRecord,
  uploadedRecord,
} from "../../../../image-record/test/fixtures.ts";

const BASES = {
  UPLOADED: uploadedRecord,
  PROCESSING: processingRecord,
  PROCESSED: processedRecord,
  FAILED: failedRecord,
} as const;

/**
 * image-record's fixture of a status, as another image created at `createdAt`: its id (and so its
 * keys) replaced, its times moved; `format` replaces the detected format (PROCESSED/FAILED).
 */
export function recordAt(
  status: keyof typeof BASES,
  createdAt: Date,
  overrides: { format?: "jpeg" | "png" | "webp"; labels?: string[] } = {},
): ImageRecord {
  const id = newImageId(createdAt.getTime());
  const base = JSON.parse(JSON.stringify(BASES[status]()).replaceAll(IMAGE_ID, id)) as ImageRecord;
  const later = new Date(createdAt.getTime() + 1000).toISOString();
  const record = {
    ...base,
    createdAt: createdAt.toISOString(),
    updatedAt: status === "UPLOADED" ? createdAt.toISOString() : later,
  };
  if ("processedAt" in record) record.processedAt = later;
  if (overrides.format !== undefined && "format" in record) record.format = overrides.format;
  if (overrides.labels !== undefined && record.status === "PROCESSED") {
    record.labels = overrides.labels.map((name) => ({
      name,
      confidence: 90,
      parents: [],
      categories: [],
      instances: [],
    }));
  }
  return record as ImageRecord;
}
