import { hash } from "node:crypto";
import type { HttpRequest } from "../../gateway/http.ts";
import { checksumBase64, verifyRequestChecksums } from "./checksums.ts";
import type { ObjectVersion, StoredChecksum } from "./model.ts";
import type { S3State } from "./state.ts";

/** S3's ETag for bytes stored in one part: their MD5, quoted (one-shot: no Hash object). */
export function quotedMd5(data: Buffer): string {
  return `"${hash("md5", data, "hex")}"`;
}

/**
 * The checksum a single-part upload (PutObject, a POST form) stores: the one the
 * client sent, once verified against the bytes, or else the CRC64NVME S3 has
 * computed for such objects since 2025.
 */
export async function singlePartChecksum(req: HttpRequest, data: Buffer): Promise<StoredChecksum> {
  const sent = await verifyRequestChecksums(req, data);
  // Literal objects, not spreads: V8 gives a spread plus a property a new hidden class every time.
  if (sent) return { algorithm: sent.algorithm, value: sent.value, type: "FULL_OBJECT" };
  return { algorithm: "CRC64NVME", value: await checksumBase64("CRC64NVME", data), type: "FULL_OBJECT" };
}

/** The byte-describing fields of a new version held in one blob. */
export function singlePartVersion(
  state: S3State,
  data: Buffer,
): Pick<ObjectVersion, "isDeleteMarker" | "lastModified" | "size" | "etag" | "parts"> {
  return {
    isDeleteMarker: false,
    lastModified: new Date().toISOString(),
    size: data.length,
    etag: quotedMd5(data),
    parts: [{ blobId: state.store.putBlob(data), size: data.length }],
  };
}
