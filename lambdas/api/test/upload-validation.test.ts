import { describe, expect, it } from "vitest";
import { InMemoryImageRepository } from "./support/in-memory-image-repository.ts";
import { TEST_LIMIT, testApi } from "./support/test-api.ts";

const valid = { fileName: "chelsea.png", contentType: "image/png", bytes: 240_512 };

interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

/** POST /uploads with `body`, expecting a refusal; nothing may be written or signed. */
async function refused(body: unknown, options: { raw?: string; contentType?: string } = {}) {
  const images = new InMemoryImageRepository();
  const { call, presigner, metrics } = testApi({ images });
  const res = await call<ErrorBody>("POST", "/uploads", {
    ...(options.raw !== undefined ? { rawBody: options.raw } : { json: body }),
    headers: { "content-type": options.contentType ?? "application/json" },
  });
  expect(images.items).toEqual([]);
  expect(presigner.uploads).toEqual([]);
  expect(metrics.uploads).toBe(0);
  return res;
}

describe("POST /uploads validation: 400 naming the field", () => {
  it.each([
    ["fileName", { ...valid, fileName: undefined }, "fileName: is required"],
    ["fileName", { ...valid, fileName: "" }, "fileName: must not be empty"],
    ["fileName", { ...valid, fileName: 42 }, "fileName: must be a string"],
    ["fileName", { ...valid, fileName: "a".repeat(1025) }, "fileName: must be at most 1024 characters"],
    ["contentType", { ...valid, contentType: undefined }, "contentType: is required"],
    [
      "contentType",
      { ...valid, contentType: "application/pdf" },
      "contentType: must be an image type (image/jpeg, image/png, ...)",
    ],
    [
      "contentType",
      { ...valid, contentType: "image/svg+xml" },
      "contentType: SVG is not accepted: it is a document that can run scripts, not an image",
    ],
    ["contentType", { ...valid, contentType: "png" }, "contentType: must be a MIME type like image/jpeg"],
    ["bytes", { ...valid, bytes: undefined }, "bytes: is required"],
    ["bytes", { ...valid, bytes: "240512" }, "bytes: must be a number of bytes"],
    ["bytes", { ...valid, bytes: 0 }, "bytes: must be at least 1 byte"],
    ["bytes", { ...valid, bytes: -5 }, "bytes: must be at least 1 byte"],
    ["bytes", { ...valid, bytes: 1.5 }, "bytes: must be a whole number of bytes"],
    [
      "bytes",
      { ...valid, bytes: TEST_LIMIT + 1 },
      `bytes: must be at most ${TEST_LIMIT} bytes: the file is over the upload limit`,
    ],
    ["keepLocation", { ...valid, keepLocation: "yes" }, "keepLocation: must be true or false"],
    ["filename", { ...valid, filename: "typo.png" }, "filename: is not a known field"],
  ])("%s: %j", async (field, body, message) => {
    const res = await refused(body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: "INVALID_REQUEST", field, message } });
  });

  it.each([
    ["not JSON", "{fileName:", "body: is not valid JSON"],
    ["an array", "[]", "body: must be a JSON object {fileName, contentType, bytes}"],
    ["null", "null", "body: must be a JSON object {fileName, contentType, bytes}"],
    ["empty", "", "body: is required: a JSON object"],
  ])("a body that is %s", async (_, raw, message) => {
    const res = await refused(undefined, { raw });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: "INVALID_REQUEST", field: "body", message } });
  });

  it("answers 415 for a body that is not declared as JSON", async () => {
    const res = await refused(undefined, {
      raw: "fileName=a.png",
      contentType: "application/x-www-form-urlencoded",
    });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("answers 413 for a body far larger than any upload request", async () => {
    const res = await refused(undefined, { raw: JSON.stringify({ ...valid, fileName: "a".repeat(20_000) }) });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({
      error: { code: "BODY_TOO_LARGE", message: "the request body must be at most 16384 bytes" },
    });
  });
});

describe("POST /uploads", () => {
  it("writes an UPLOADED record and returns the presigned POST for its key", async () => {
    const images = new InMemoryImageRepository();
    const { call, presigner, metrics } = testApi({ images });
    const res = await call<{
      imageId: string;
      url: string;
      fields: Record<string, string>;
      expiresAt: string;
    }>("POST", "/uploads", {
      json: { fileName: "Été à Paris (1).PNG", contentType: "Image/PNG", bytes: 1234, keepLocation: true },
    });
    expect(res.status).toBe(201);
    const { imageId } = res.body;
    const key = `uploads/${imageId}/Ete-a-Paris-1.PNG`;
    expect(res.body).toEqual({
      imageId,
      url: "https://s3.test/uploads-bucket",
      fields: { key, "Content-Type": "image/png" },
      expiresAt: "2025-01-31T12:05:00.000Z",
    });
    expect(presigner.uploads).toEqual([
      { key, contentType: "image/png", maxBytes: TEST_LIMIT, expiresInSeconds: 300 },
    ]);
    expect(await images.getImage(imageId)).toEqual({
      imageId,
      status: "UPLOADED",
      attempts: 0,
      originalKey: key,
      originalBytes: 1234,
      contentType: "image/png",
      originalFileName: "Été à Paris (1).PNG",
      keepLocation: true,
      createdAt: "2025-01-31T12:00:00.000Z",
      updatedAt: "2025-01-31T12:00:00.000Z",
    });
    expect(metrics.uploads).toBe(1);
  });

  it("reads a base64-encoded body, as Lambda delivers some", async () => {
    const { call } = testApi();
    const res = await call("POST", "/uploads", { json: { ...valid }, base64: true });
    expect(res.status).toBe(201);
  });
});
