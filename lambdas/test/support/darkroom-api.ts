import { z } from "zod";

/**
 * The public API as a browser calls it, over plain fetch; responses are checked with zod here,
 * at the test's edge, so a shape the console cannot use fails with the field's path.
 */
const createUploadResponseSchema = z.object({
  imageId: z.string(),
  url: z.url(),
  fields: z.record(z.string(), z.string()),
  expiresAt: z.iso.datetime({ offset: true }),
});
export type CreatedUpload = z.infer<typeof createUploadResponseSchema>;

const variantWithUrlSchema = z.object({
  name: z.string(),
  key: z.string(),
  format: z.string(),
  width: z.number(),
  height: z.number(),
  bytes: z.number(),
  url: z.url(),
});
export type VariantWithUrl = z.infer<typeof variantWithUrlSchema>;

/** What the tests read of `GET /images/{id}`; the rest is checked against the record schema. */
export const imageDetailSchema = z.looseObject({
  imageId: z.string(),
  status: z.enum(["UPLOADED", "PROCESSING", "PROCESSED", "FAILED"]),
  attempts: z.number(),
  originalUrl: z.url(),
  variants: z.array(variantWithUrlSchema).optional(),
  failure: z.object({ code: z.string(), message: z.string() }).optional(),
  labels: z.array(z.looseObject({ name: z.string(), confidence: z.number() })).optional(),
});
export type ImageDetail = z.infer<typeof imageDetailSchema>;

export class DarkroomApi {
  readonly #baseUrl: string;

  /** `baseUrl`: the function URL, ending in "/". */
  constructor(baseUrl: string) {
    this.#baseUrl = baseUrl;
  }

  async createUpload(body: { fileName: string; contentType: string; bytes: number }): Promise<CreatedUpload> {
    const response = await fetch(new URL("uploads", this.#baseUrl), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== 201) throw new Error(`POST /uploads answered ${response.status}: ${text}`);
    return createUploadResponseSchema.parse(JSON.parse(text));
  }

  /** The raw JSON too, to check against the record schema. */
  async getImage(imageId: string): Promise<{ detail: ImageDetail; json: unknown }> {
    const response = await fetch(new URL(`images/${encodeURIComponent(imageId)}`, this.#baseUrl));
    const text = await response.text();
    if (response.status !== 200)
      throw new Error(`GET /images/${imageId} answered ${response.status}: ${text}`);
    const json: unknown = JSON.parse(text);
    return { detail: imageDetailSchema.parse(json), json };
  }
}

/**
 * Sends the file as a browser does with the presigned POST: multipart/form-data with the
 * returned fields first and the file last, straight to the uploads bucket.
 */
export async function postToPresignedForm(
  upload: CreatedUpload,
  file: { bytes: Uint8Array; name: string; type: string },
): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append("file", new Blob([file.bytes], { type: file.type }), file.name);
  return fetch(upload.url, { method: "POST", body: form });
}
