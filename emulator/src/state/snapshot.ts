import type { FileHandle } from "node:fs/promises";
import { CompactionAborted, copyRange, writeAll } from "./log-file.ts";
import {
  BLOB_ID_BYTES,
  type BlobLocation,
  blobRecordBytes,
  FRAME_HEADER,
  frame,
  LOG_MAGIC,
  mutationPayload,
  RecordType,
  totalLength,
} from "./log-format.ts";
import type { ReadHandle } from "./read-handle.ts";

/** The live state at one instant, as compaction copies it into a fresh log. */
export interface Snapshot {
  /** Blobs already in the log, copied frame and all from `source`. */
  disk: Array<[string, BlobLocation]>;
  /** Blobs whose write was still queued or in flight. */
  memory: Array<[string, Buffer]>;
  tables: Array<[string, Array<[string, unknown]>]>;
}

export interface WrittenSnapshot {
  size: number;
  records: number;
  /** Where each snapshot blob now lives in the new file. */
  locations: Map<string, BlobLocation>;
}

const BATCH_BYTES = 1024 * 1024;

/** Writes magic, blobs, then one record per row into `out` (a new file), a megabyte per write. */
export async function writeSnapshot(
  out: FileHandle,
  snap: Snapshot,
  source: ReadHandle,
  shouldStop: () => boolean,
): Promise<WrittenSnapshot> {
  const locations = new Map<string, BlobLocation>();
  let records = 0;
  let pos = 0;
  let batch: Buffer[] = [];
  let batchBytes = 0;
  const writeBatch = async () => {
    if (shouldStop()) throw new CompactionAborted();
    await writeAll(out, batch, pos);
    pos += batchBytes;
    batch = [];
    batchBytes = 0;
  };
  const add = async (buffers: Buffer[]) => {
    batch.push(...buffers);
    batchBytes += totalLength(buffers);
    if (batchBytes >= BATCH_BYTES) await writeBatch();
  };
  // Offset the next added record will start at.
  const next = () => pos + batchBytes;

  await add([LOG_MAGIC]);
  for (const [id, loc] of snap.disk) {
    const recordBytes = blobRecordBytes(loc.length);
    const frameStart = loc.offset - BLOB_ID_BYTES - FRAME_HEADER;
    locations.set(id, { offset: next() + FRAME_HEADER + BLOB_ID_BYTES, length: loc.length });
    // The original frame, checksum included, is copied as is.
    if (recordBytes <= BATCH_BYTES) {
      await add([await source.read(recordBytes, frameStart)]);
    } else {
      await writeBatch();
      await copyRange(source.handle, out, frameStart, frameStart + recordBytes, pos, shouldStop);
      pos += recordBytes;
    }
    records++;
  }
  for (const [id, data] of snap.memory) {
    locations.set(id, { offset: next() + FRAME_HEADER + BLOB_ID_BYTES, length: data.length });
    await add(frame(RecordType.Blob, [Buffer.from(id, "hex"), data]));
    records++;
  }
  for (const [table, rows] of snap.tables) {
    for (const [key, value] of rows) {
      await add(frame(RecordType.Mutation, mutationPayload(table, key, JSON.stringify(value))));
      records++;
    }
  }
  await writeBatch();
  return { size: pos, records, locations };
}
