import type { S3Handlers } from "../handler.ts";
import { multipartCompleteOperations } from "./multipart-complete.ts";
import { multipartCopyOperations } from "./multipart-copy.ts";
import { multipartListingOperations } from "./multipart-listing.ts";
import { multipartPartOperations } from "./multipart-parts.ts";

/** CreateMultipartUpload, UploadPart(Copy), CompleteMultipartUpload, AbortMultipartUpload, ListParts, ListMultipartUploads. */
export const multipartOperations: S3Handlers = {
  ...multipartPartOperations,
  ...multipartCopyOperations,
  ...multipartCompleteOperations,
  ...multipartListingOperations,
};
