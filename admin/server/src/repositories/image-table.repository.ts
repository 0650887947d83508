import type { ImageRecord, ImageRecordInput, LabelCount } from "@darkroom/image-record";
import type { ImageTableReads } from "@darkroom/image-record/dynamodb";

/** What a recount found: a count per label with label items, and what it read to find them. */
export interface LabelTally {
  counts: LabelCount[];
  /** The label items found. */
  labelItems: number;
  /** Every item the Scan read (what it costs), label items or not. */
  scannedItems: number;
}

/** The images table, as the services see it: image-record's shared reads plus the admin's writes. */
export interface ImageTable extends ImageTableReads {
  /** Writes the record with its index keys, label items and label counts (as the processor does). */
  putImage(record: ImageRecordInput): Promise<void>;
  /** The image item and every label item of the image, taking them off the label counts. */
  deleteImage(imageId: string): Promise<void>;
  /** Every label count item (partition LABELS), zero and below included. */
  labelCounts(): Promise<LabelCount[]>;
  /** Counts the label items themselves: a Scan of the whole table, for the rare recount. */
  tallyLabelItems(): Promise<LabelTally>;
  /** Sets these counts outright and deletes the count items of `removed` (normalised labels). */
  setLabelCounts(counts: readonly LabelCount[], removed: readonly string[]): Promise<void>;
  /**
   * Writes `next` over `current` only if the stored record is still `current` as read (status,
   * attempt and updatedAt); "conflict" when an attempt started or finished, or another backend
   * wrote, meanwhile. The stuck-image job's writes: FAILED, and its marks (same status).
   */
  replaceImage(current: ImageRecord, next: ImageRecord): Promise<"written" | "conflict">;
}
