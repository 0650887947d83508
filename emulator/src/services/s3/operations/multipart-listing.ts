import type { XmlObject } from "../../../protocol/xml.ts";
import { compareUtf8 } from "../../../state/table.ts";
import { xmlResponse } from "../codec.ts";
import { s3Errors } from "../errors.ts";
import type { S3Handlers } from "../handler.ts";
import { type KeyWalk, walkKeys } from "../list-keys.ts";
import { encoder, parseEncodingType, parseIntField, parseMaxKeys } from "../list-params.ts";
import type { MultipartUpload } from "../model.ts";
import { findUpload, initiatorOf, uploadedParts } from "../multipart-uploads.ts";
import { ownerOf } from "../owner.ts";

function compareUploads(a: MultipartUpload, b: MultipartUpload): number {
  return (
    compareUtf8(a.key, b.key) ||
    a.initiated.localeCompare(b.initiated) ||
    a.uploadId.localeCompare(b.uploadId)
  );
}

type UploadListItem = { upload: MultipartUpload } | { commonPrefix: string };

/**
 * ListMultipartUploads' order: keys (and CommonPrefixes) as ListObjects walks them,
 * each key's uploads in `all`'s order. Resuming at upload-id-marker first finishes the
 * marker key's uploads, if that key is listed on its own (not outside the prefix or
 * rolled up into a CommonPrefix).
 */
function* uploadItems(
  all: MultipartUpload[],
  walk: Omit<KeyWalk, "include">,
  uploadIdMarker: string,
): Generator<UploadListItem> {
  const byKey = new Map<string, MultipartUpload[]>();
  for (const u of all) {
    const same = byKey.get(u.key);
    if (same) same.push(u);
    else byKey.set(u.key, [u]);
  }
  const keyWalk: KeyWalk = { ...walk, include: () => true };
  if (uploadIdMarker !== "") {
    const same = byKey.get(walk.after) ?? [];
    const at = same.findIndex((u) => u.uploadId === uploadIdMarker);
    if (at < 0) throw s3Errors.invalidArgument("Invalid uploadId marker", "upload-id-marker", uploadIdMarker);
    for (const item of walkKeys([walk.after], { ...keyWalk, after: "" })) {
      if ("key" in item) for (const upload of same.slice(at + 1)) yield { upload };
    }
  }
  for (const item of walkKeys([...byKey.keys()], keyWalk)) {
    if ("commonPrefix" in item) yield item;
    else for (const upload of byKey.get(item.key)!) yield { upload };
  }
}

export const multipartListingOperations: S3Handlers = {
  ListParts({ state, req, bucket, key }) {
    state.bucket(bucket);
    const upload = findUpload(state, bucket, key, req.query.get("uploadId"));
    const maxParts = parseMaxKeys(req, "max-parts", "max-parts");
    const marker = parseIntField(req.query.get("part-number-marker"), "part-number-marker", 0);
    const remaining = uploadedParts(state, upload.uploadId).filter((p) => p.partNumber > marker);
    const page = remaining.slice(0, maxParts);
    const algorithm = upload.checksumAlgorithm;
    return xmlResponse("ListPartsResult", {
      Bucket: bucket,
      Key: key,
      UploadId: upload.uploadId,
      PartNumberMarker: marker,
      NextPartNumberMarker: page.length > 0 ? page[page.length - 1]!.partNumber : 0,
      MaxParts: maxParts,
      IsTruncated: maxParts > 0 && remaining.length > page.length,
      Part: page.map((p) => {
        const entry: XmlObject = {
          PartNumber: p.partNumber,
          LastModified: new Date(p.lastModified),
          ETag: p.etag,
          Size: p.size,
        };
        // Only an upload's own algorithm is listed; others' parts carry an internal CRC64NVME.
        if (algorithm && p.checksum?.algorithm === algorithm)
          entry[`Checksum${algorithm}`] = p.checksum.value;
        return entry;
      }),
      Initiator: initiatorOf(upload),
      Owner: ownerOf(upload.ownerAccountId),
      StorageClass: upload.storageClass,
      ChecksumAlgorithm: algorithm,
      ChecksumType: algorithm ? upload.checksumType : undefined,
    });
  },

  ListMultipartUploads({ state, req, bucket }) {
    state.bucket(bucket);
    const url = parseEncodingType(req);
    const encode = encoder(url);
    const prefix = req.query.get("prefix") ?? "";
    const delimiter = req.query.get("delimiter") ?? "";
    const keyMarker = req.query.get("key-marker") ?? "";
    const uploadIdMarker = keyMarker === "" ? "" : (req.query.get("upload-id-marker") ?? "");
    const maxUploads = parseMaxKeys(req, "max-uploads", "max-uploads");
    const all = [...state.uploads.values()].filter((u) => u.bucket === bucket).sort(compareUploads);
    const uploads: MultipartUpload[] = [];
    const prefixes: string[] = [];
    let last: { key: string; uploadId: string } | undefined;
    let truncated = false;
    const walk = { prefix, delimiter, after: keyMarker };
    for (const item of uploadItems(all, walk, uploadIdMarker)) {
      if (uploads.length + prefixes.length >= maxUploads) {
        truncated = true;
        break;
      }
      if ("commonPrefix" in item) {
        prefixes.push(item.commonPrefix);
        last = { key: item.commonPrefix, uploadId: "" };
      } else {
        uploads.push(item.upload);
        last = { key: item.upload.key, uploadId: item.upload.uploadId };
      }
    }
    return xmlResponse("ListMultipartUploadsResult", {
      Bucket: bucket,
      KeyMarker: encode(keyMarker),
      UploadIdMarker: uploadIdMarker,
      NextKeyMarker: last ? encode(last.key) : "",
      NextUploadIdMarker: last?.uploadId ?? "",
      Delimiter: delimiter !== "" ? encode(delimiter) : undefined,
      Prefix: prefix !== "" ? encode(prefix) : undefined,
      MaxUploads: maxUploads,
      IsTruncated: truncated,
      Upload: uploads.map((u) => ({
        Key: encode(u.key),
        UploadId: u.uploadId,
        Initiator: initiatorOf(u),
        Owner: ownerOf(u.ownerAccountId),
        StorageClass: u.storageClass,
        Initiated: new Date(u.initiated),
        ChecksumAlgorithm: u.checksumAlgorithm,
        ChecksumType: u.checksumAlgorithm ? u.checksumType : undefined,
      })),
      CommonPrefixes: prefixes.map((p) => ({ Prefix: encode(p) })),
      EncodingType: url ? "url" : undefined,
    });
  },
};
