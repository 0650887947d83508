import type { ImageRecordInput } from "@darkroom/image-record";
import type { ImageTableReads } from "@darkroom/image-record/dynamodb";

/** The images table, as the services see it: image-record's shared reads plus the admin's writes. */
export interface ImageTable extends ImageTableReads {
  /** Writes the record with its index keys and label items (as the processor does). */
  putImage(record: ImageRecordInput): Promise<void>;
  /** The image item and every label item of the image. */
  deleteImage(imageId: string): Promise<void>;
}
