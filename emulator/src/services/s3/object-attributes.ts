import type { HttpResponse } from "../../gateway/http.ts";
import type { XmlObject } from "../../protocol/xml.ts";
import { xmlResponse } from "./codec.ts";
import { s3Errors } from "./errors.ts";
import type { S3Call } from "./handler.ts";
import { parseIntField } from "./list-params.ts";
import { httpDate } from "./object-headers.ts";
import { isMultipart } from "./object-read.ts";
import { findVersion } from "./object-store.ts";

const ATTRIBUTES = new Set(["ETag", "Checksum", "ObjectParts", "StorageClass", "ObjectSize"]);

function requestedAttributes(call: S3Call): Set<string> {
  const raw = call.req.headers["x-amz-object-attributes"] ?? "";
  const names = raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (names.length === 0) {
    throw s3Errors.invalidRequest(
      "The x-amz-object-attributes header specifying the attributes to be retrieved is either missing or empty",
    );
  }
  for (const name of names) {
    if (!ATTRIBUTES.has(name)) throw s3Errors.invalidArgument("Invalid attribute name specified.");
  }
  return new Set(names);
}

/**
 * GetObjectAttributes: only the attributes asked for. ObjectParts lists parts (a page
 * of them, as ListParts would) only for composite checksums; otherwise just the count.
 */
export function objectAttributes(call: S3Call): HttpResponse {
  const attrs = requestedAttributes(call);
  const bucket = call.state.bucket(call.bucket);
  const version = findVersion(call.state, bucket, call.key, call.req.query.get("versionId"));
  const out: XmlObject = {};
  if (attrs.has("ETag")) out.ETag = version.etag.replace(/"/g, "");
  if (attrs.has("Checksum") && version.checksum) {
    const c = version.checksum;
    out.Checksum = { [`Checksum${c.algorithm}`]: c.value.split("-")[0]!, ChecksumType: c.type };
  }
  if (attrs.has("ObjectParts") && isMultipart(version)) {
    const parts = version.parts;
    if (version.checksum?.type === "COMPOSITE") {
      const asked = call.req.headers;
      const marker = parseIntField(asked["x-amz-part-number-marker"], "x-amz-part-number-marker", 0);
      const maxParts = Math.min(parseIntField(asked["x-amz-max-parts"], "x-amz-max-parts", 1000), 1000);
      const numbered = parts.map((p, i) => ({ n: i + 1, p })).filter(({ n }) => n > marker);
      const page = numbered.slice(0, maxParts);
      const algorithm = version.checksum.algorithm;
      out.ObjectParts = {
        PartsCount: parts.length,
        PartNumberMarker: marker,
        NextPartNumberMarker: page.length > 0 ? page[page.length - 1]!.n : 0,
        MaxParts: maxParts,
        IsTruncated: numbered.length > page.length,
        Part: page.map(({ n, p }) => ({
          ...(p.checksum ? { [`Checksum${algorithm}`]: p.checksum } : {}),
          PartNumber: n,
          Size: p.size,
        })),
      };
    } else {
      out.ObjectParts = { PartsCount: parts.length };
    }
  }
  if (attrs.has("StorageClass")) out.StorageClass = version.storageClass;
  if (attrs.has("ObjectSize")) out.ObjectSize = version.size;
  const headers: Record<string, string> = { "last-modified": httpDate(version.lastModified) };
  if (bucket.versioning) headers["x-amz-version-id"] = version.versionId;
  return xmlResponse("GetObjectAttributesResponse", out, headers);
}
