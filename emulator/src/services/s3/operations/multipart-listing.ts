import type { HttpRequest } from "../../../gateway/http.ts";
import type { XmlObject } from "../../../protocol/xml.ts";
import { compareUtf8 } from "../../../state/table.ts";
import { xmlResponse } from "../codec.ts";
import { s3Errors } from "../errors.ts";
import type { S3Handlers } from "../handler.ts";
import type { MultipartUpload } from "../model.ts";
import { findUpload, initiatorOf, ownerIdOf, uploadedParts } from "../multipart-uploads.ts";

const MAX_INT = 2147483647;
const PAGE_LIMIT = 1000;

/** A non-negative integer query field (max-parts, part-number-marker, max-uploads), with S3's errors. */
function intParam(req: HttpRequest, name: string, fallback: number): number {
  const raw = req.query.get(name);
  if (raw === null || raw === "") return fallback;
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || Math.abs(n) > MAX_INT) {
    throw s3Errors.invalidArgument(`Provided ${name} not an integer or within integer range`, name, raw);
  }
  if (n < 0) {
    throw s3Errors.invalidArgument(`Argument ${name} must be an integer between 0 and ${MAX_INT}`, name, raw);
  }
  return n;
}

/** encoding-type=url percent-encodes keys in the response, leaving "/" readable. */
function encoder(req: HttpRequest): (s: string) => string {
  const type = req.query.get("encoding-type");
  if (type === null) return (s) => s;
  if (type !== "url") {
    throw s3Errors.invalidArgument("Invalid Encoding Method specified in Request", "encoding-type", type);
  }
  return (s) =>
    encodeURIComponent(s)
      .replace(/%2F/g, "/")
      .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function compareUploads(a: MultipartUpload, b: MultipartUpload): number {
  return (
    compareUtf8(a.key, b.key) ||
    a.initiated.localeCompare(b.initiated) ||
    a.uploadId.localeCompare(b.uploadId)
  );
}

/** Where a ListMultipartUploads page starts: after key-marker, or after upload-id-marker within it. */
function startIndex(all: MultipartUpload[], keyMarker: string, uploadIdMarker: string): number {
  if (keyMarker === "") return 0;
  if (uploadIdMarker !== "") {
    const at = all.findIndex((u) => u.uploadId === uploadIdMarker);
    if (at < 0 || all[at]!.key !== keyMarker) {
      throw s3Errors.invalidArgument("Invalid uploadId marker", "upload-id-marker", uploadIdMarker);
    }
    return at + 1;
  }
  const after = all.findIndex((u) => compareUtf8(u.key, keyMarker) > 0);
  return after < 0 ? all.length : after;
}

export const multipartListingOperations: S3Handlers = {
  ListParts({ state, req, bucket, key }) {
    state.bucket(bucket);
    const upload = findUpload(state, bucket, key, req.query.get("uploadId"));
    const maxParts = Math.min(intParam(req, "max-parts", PAGE_LIMIT), PAGE_LIMIT);
    const marker = intParam(req, "part-number-marker", 0);
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
      Owner: ownerIdOf(upload),
      StorageClass: upload.storageClass,
      ChecksumAlgorithm: algorithm,
      ChecksumType: algorithm ? upload.checksumType : undefined,
    });
  },

  ListMultipartUploads({ state, req, bucket }) {
    state.bucket(bucket);
    const encode = encoder(req);
    const prefix = req.query.get("prefix") ?? "";
    const delimiter = req.query.get("delimiter") ?? "";
    const keyMarker = req.query.get("key-marker") ?? "";
    const uploadIdMarker = keyMarker === "" ? "" : (req.query.get("upload-id-marker") ?? "");
    const maxUploads = Math.min(intParam(req, "max-uploads", PAGE_LIMIT), PAGE_LIMIT);
    const all = [...state.uploads.values()].filter((u) => u.bucket === bucket).sort(compareUploads);
    const uploads: MultipartUpload[] = [];
    const prefixes: string[] = [];
    let last: { key: string; uploadId: string } | undefined;
    let truncated = false;
    for (const u of all.slice(startIndex(all, keyMarker, uploadIdMarker))) {
      if (!u.key.startsWith(prefix)) continue;
      const cut = delimiter === "" ? -1 : u.key.indexOf(delimiter, prefix.length);
      const common = cut < 0 ? null : u.key.slice(0, cut + delimiter.length);
      // A group already returned on this page, or on an earlier one that ended inside it.
      if (common !== null && (common === prefixes[prefixes.length - 1] || keyMarker.startsWith(common)))
        continue;
      if (uploads.length + prefixes.length >= maxUploads) {
        truncated = true;
        break;
      }
      if (common !== null) {
        prefixes.push(common);
        last = { key: common, uploadId: "" };
      } else {
        uploads.push(u);
        last = { key: u.key, uploadId: u.uploadId };
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
        Owner: ownerIdOf(u),
        StorageClass: u.storageClass,
        Initiated: new Date(u.initiated),
        ChecksumAlgorithm: u.checksumAlgorithm,
        ChecksumType: u.checksumAlgorithm ? u.checksumType : undefined,
      })),
      CommonPrefixes: prefixes.map((p) => ({ Prefix: encode(p) })),
      EncodingType: req.query.get("encoding-type") ?? undefined,
    });
  },
};
