import { resolveAccessKey } from "../../../auth/authenticate.ts";
import type { RequestContext } from "../../../gateway/context.ts";
import type { HttpRequest, HttpResponse } from "../../../gateway/http.ts";
import { parseXml, xmlDocument } from "../../../protocol/xml.ts";
import { objectUrl } from "../address.ts";
import { S3_XML } from "../codec.ts";
import { s3Errors } from "../errors.ts";
import type { S3Handlers } from "../handler.ts";
import { formBoundary, malformedPost, parseMultipartForm } from "../multipart-form.ts";
import { objectAttributesFrom } from "../object-headers.ts";
import { putVersion } from "../object-store.ts";
import { validateObjectTags } from "../object-tags.ts";
import {
  checkPolicy,
  decodePolicy,
  type FieldMap,
  fieldMap,
  missingKey,
  readPostSigner,
  verifyPolicySignature,
} from "../post-policy.ts";
import { singlePartChecksum, singlePartVersion } from "../single-part.ts";
import { type Tag, taggingSchema, tagsOf } from "../tags.ts";
import { checkKey, writeHeaders } from "./objects.ts";

// biome-ignore lint/suspicious/noTemplateCurlyInString: S3's own variable syntax, not a template.
const FILENAME_VARIABLE = "${filename}";

/** The part of a browser's file name after the last slash or backslash, as S3 uses it for ${filename}. */
function baseName(filename: string): string {
  return filename.slice(Math.max(filename.lastIndexOf("/"), filename.lastIndexOf("\\")) + 1);
}

/**
 * The `tagging` field: a <Tagging> document. S3 refuses text that is not XML, but
 * stores no tags (and says nothing) for XML of another shape.
 */
function parseTaggingField(value: string | undefined): Tag[] {
  if (value === undefined) return [];
  const tagging = taggingSchema.safeParse(parseXml(value).Tagging);
  const tags = tagging.success ? tagsOf(tagging.data) : [];
  validateObjectTags(tags);
  return tags;
}

/** Characters RFC 2047's "Q" encoding must escape in header text (besides controls and non-ASCII). */
const Q_SPECIALS = new Set(["=", "?", "_"]);

const isPlainAscii = (c: string) => c >= " " && c <= "~";

/**
 * Form fields are UTF-8, but header values must be bytes. S3 stores non-ASCII
 * metadata as an RFC 2047 encoded word, "Q" when the value is mostly ASCII and "B"
 * otherwise, and returns it so.
 */
function mimeEncode(value: string): string {
  const chars = [...value];
  const plain = chars.filter(isPlainAscii).length;
  if (plain === chars.length) return value;
  const bytes = Buffer.from(value, "utf8");
  if (plain <= chars.length - plain) return `=?UTF-8?B?${bytes.toString("base64")}?=`;
  let q = "";
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    if (c === " ") q += "_";
    else if (isPlainAscii(c) && !Q_SPECIALS.has(c)) q += c;
    else q += `=${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return `=?UTF-8?Q?${q}?=`;
}

/** The fields as the headers a PutObject would have carried: UTF-8 bytes, metadata encoded. */
function fieldsAsHeaders(fields: FieldMap): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, f] of fields) {
    headers[name] = name.startsWith("x-amz-meta-")
      ? mimeEncode(f.value)
      : Buffer.from(f.value, "utf8").toString("latin1");
  }
  // Tags come from the XML `tagging` field, not PutObject's query-string header.
  delete headers["x-amz-tagging"];
  return headers;
}

/**
 * Checks who signed the form and that it meets its policy, returning the context the
 * upload is made in: the signer's account and principal.
 */
async function authorize(
  ctx: RequestContext,
  fields: FieldMap,
  bucket: string,
  size: number,
): Promise<RequestContext> {
  const signer = readPostSigner(fields);
  if (signer.version === "anonymous") {
    // Unsigned forms only work on publicly writable buckets; the emulator has no ACLs to say so.
    if (ctx.runtime.config.auth === "strict") throw s3Errors.accessDenied();
    return ctx;
  }
  const { principal, secret } = resolveAccessKey(ctx.runtime.config, ctx.runtime.store, signer, "s3");
  if (secret) await verifyPolicySignature(signer, secret.secretAccessKey);
  checkPolicy(decodePolicy(signer.policy), fields, bucket, size, new Date());
  return { ...ctx, principal, accountId: principal.accountId };
}

/** success_action_redirect (or the older `redirect`), when it is an absolute http(s) URL. */
function redirectTarget(fields: FieldMap): string | null {
  const value = (fields.get("success_action_redirect") ?? fields.get("redirect"))?.value;
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? value : null;
  } catch {
    return null;
  }
}

export const postObjectOperations: S3Handlers = {
  /**
   * A browser upload: a multipart/form-data POST to the bucket URL whose fields carry
   * the key, the object's headers and a signed policy, with the file last.
   */
  async PostObject({ state, ctx, req, bucket }) {
    const b = state.bucket(bucket);
    const boundary = formBoundary(req.headers["content-type"] ?? "");
    if (!boundary) throw malformedPost();
    const form = parseMultipartForm(req.body, boundary);
    if (!form.file) {
      throw s3Errors.invalidArgument("POST requires exactly one file upload per request.", "file", "0");
    }
    const data = form.file.data;
    // ${filename} is expanded in every field before the policy is checked; without a
    // filename parameter S3 leaves it as written.
    const filename = form.file.filename;
    const fields = fieldMap(
      filename === undefined
        ? form.fields
        : form.fields.map((f) => ({
            ...f,
            value: f.value.replaceAll(FILENAME_VARIABLE, baseName(filename)),
          })),
    );
    const key = fields.get("key")?.value;
    if (!key) throw missingKey();
    const uploadCtx = await authorize(ctx, fields, bucket, data.length);
    checkKey(key);

    // The fields stand in for PutObject's headers.
    const asHeaders: HttpRequest = { ...req, headers: fieldsAsHeaders(fields) };
    const attrs = objectAttributesFrom(asHeaders);
    const tags = parseTaggingField(fields.get("tagging")?.value);
    const checksum = await singlePartChecksum(asHeaders, data);
    const version = putVersion(
      state,
      uploadCtx,
      req,
      b,
      key,
      {
        ...singlePartVersion(state, data),
        ...attrs,
        tags,
        checksum,
        ownerAccountId: uploadCtx.accountId,
      },
      "ObjectCreated:Post",
    );

    const location = objectUrl(req, bucket, key, true);
    const out: Record<string, string> = {
      ...writeHeaders(version, b.versioning !== undefined),
      location,
    };
    const redirect = redirectTarget(fields);
    if (redirect) {
      const query = new URLSearchParams({ bucket, key, etag: version.etag }).toString();
      out.location = `${redirect}${redirect.includes("?") ? "&" : "?"}${query}`;
      return { status: 303, headers: out };
    }
    const status = fields.get("success_action_status")?.value;
    if (status === "201") {
      const body = xmlDocument(
        "PostResponse",
        { Location: location, Bucket: bucket, Key: key, ETag: version.etag },
        S3_XML,
      );
      return { status: 201, headers: { ...out, "content-type": "application/xml" }, body };
    }
    return { status: status === "200" ? 200 : 204, headers: out } satisfies HttpResponse;
  },
};
