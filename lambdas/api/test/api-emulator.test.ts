import { readFile } from "node:fs/promises";
import { HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { type ImageRecord, labelItems, toImageItem } from "@darkroom/image-record";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreateUploadResponse, ImageListResponse } from "../src/dto/responses.dto.ts";
import { createApiResources, type EmulatorStack, startEmulatorStack } from "./support/emulator-stack.ts";
import { type Invoke, invoker, loadHandler } from "./support/invoke.ts";
import { failedRecord, processedRecord } from "./support/records.ts";

/**
 * The handler in-process against a real emulator: real presigned POSTs sent by fetch as a
 * browser sends them, real DynamoDB queries, real presigned GETs.
 */
const FIXTURES = new URL("../../test-fixtures/", import.meta.url);
const chelsea = await readFile(new URL("chelsea.png", FIXTURES));
const coffee = await readFile(new URL("coffee.png", FIXTURES));
/** chelsea.png (240,512 bytes) fits under it, coffee.png (466,706 bytes) does not. */
const LIMIT = 300_000;

let stack: EmulatorStack;
const savedEnv = { ...process.env };

beforeAll(async () => {
  stack = await startEmulatorStack();
});

afterAll(async () => {
  process.env = savedEnv;
  await stack?.stop();
});

/** A handler for fresh buckets and a fresh table, so each group knows every record. */
async function freshApi(prefix: string, extraEnv: Record<string, string> = {}) {
  const names = await createApiResources(stack, prefix);
  const handler = await loadHandler({
    ...stack.awsEnv,
    UPLOADS_BUCKET: names.uploadsBucket,
    MEDIA_BUCKET: names.mediaBucket,
    IMAGES_TABLE: names.imagesTable,
    MAX_UPLOAD_BYTES: String(LIMIT),
    CORS_ALLOWED_ORIGINS: "http://localhost:5173",
    POWERTOOLS_LOG_LEVEL: "ERROR",
    POWERTOOLS_METRICS_DISABLED: "true",
    ...extraEnv,
  });
  return { names, api: invoker(handler) };
}

/** Sends the form as a browser does: the presigned fields, then the file last. */
function postForm(upload: CreateUploadResponse, file: Uint8Array, type = "image/png"): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append("file", new Blob([file], { type }), "chelsea.png");
  return fetch(upload.url, { method: "POST", body: form });
}

async function createUpload(api: Invoke, fileName: string, bytes: number) {
  const res = await api<CreateUploadResponse>("POST", "/uploads", {
    json: { fileName, contentType: "image/png", bytes },
  });
  expect(res.status).toBe(201);
  return res.body;
}

function policyOf(upload: CreateUploadResponse): { expiration: string; conditions: unknown[] } {
  return JSON.parse(Buffer.from(upload.fields.Policy!, "base64").toString("utf8"));
}

/** Waits until the clock shows a later millisecond, so records created next sort after. */
async function nextMillisecond(): Promise<void> {
  const start = Date.now();
  while (Date.now() === start) await new Promise((resolve) => setImmediate(resolve));
}

async function putRecord(table: string, record: ImageRecord): Promise<void> {
  for (const item of [toImageItem(record), ...labelItems(record)]) {
    await stack.db.send(new PutCommand({ TableName: table, Item: item }));
  }
}

describe("an upload through the presigned POST", () => {
  let api: Invoke;
  let names: Awaited<ReturnType<typeof createApiResources>>;

  beforeAll(async () => {
    ({ api, names } = await freshApi("upload"));
  });

  it("uploads chelsea.png, then lists it, reads it back and serves it from the presigned GET URL", async () => {
    const upload = await createUpload(api, "C:\\fakepath\\chelsea.png", chelsea.length);
    const key = `uploads/${upload.imageId}/chelsea.png`;
    expect(upload.url).toBe(`${stack.emulator.url}/${names.uploadsBucket}`);
    expect(upload.fields.key).toBe(key);
    expect(upload.fields["Content-Type"]).toBe("image/png");
    const policy = policyOf(upload);
    expect(upload.expiresAt).toBe(new Date(policy.expiration).toISOString());
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ["content-length-range", 1, LIMIT],
        ["starts-with", "$Content-Type", "image/"],
        { "Content-Type": "image/png" },
        { key },
        { bucket: names.uploadsBucket },
      ]),
    );

    const stored = await stack.db.send(
      new GetCommand({ TableName: names.imagesTable, Key: { pk: `IMAGE#${upload.imageId}`, sk: "IMAGE" } }),
    );
    expect(stored.Item).toMatchObject({
      status: "UPLOADED",
      attempts: 0,
      originalKey: key,
      originalBytes: chelsea.length,
      originalFileName: "chelsea.png",
      keepLocation: false,
    });

    const posted = await postForm(upload, chelsea);
    expect(posted.status).toBe(204);
    const head = await stack.s3.send(new HeadObjectCommand({ Bucket: names.uploadsBucket, Key: key }));
    expect(head.ContentType).toBe("image/png");
    expect(head.ContentLength).toBe(chelsea.length);

    const list = await api<ImageListResponse>("GET", "/images");
    expect(list.status).toBe(200);
    expect(list.body).toEqual({
      items: [
        {
          id: upload.imageId,
          status: "UPLOADED",
          fileName: "chelsea.png",
          createdAt: stored.Item?.createdAt,
          labels: [],
        },
      ],
      nextCursor: null,
    });

    const detail = await api<{ imageId: string; originalUrl: string; status: string }>(
      "GET",
      `/images/${upload.imageId}`,
    );
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ imageId: upload.imageId, status: "UPLOADED", originalKey: key });
    expect(detail.body.originalUrl.startsWith(`${stack.emulator.url}/${names.uploadsBucket}/`)).toBe(true);
    const original = await fetch(detail.body.originalUrl);
    expect(original.status).toBe(200);
    expect(original.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await original.arrayBuffer()).equals(chelsea)).toBe(true);
  });

  it("has S3 refuse a file over the policy's limit with 400 EntityTooLarge, whatever size was declared", async () => {
    const upload = await createUpload(api, "coffee.png", 1_000);
    const posted = await postForm(upload, coffee);
    expect(posted.status).toBe(400);
    expect(await posted.text()).toContain("<Code>EntityTooLarge</Code>");
    await expect(
      stack.s3.send(new HeadObjectCommand({ Bucket: names.uploadsBucket, Key: upload.fields.key })),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });

  it("refuses a declared size over the limit with 400 before any upload, and records nothing", async () => {
    const before = await api<ImageListResponse>("GET", "/images", { query: { limit: "100" } });
    const res = await api("POST", "/uploads", {
      json: { fileName: "coffee.png", contentType: "image/png", bytes: coffee.length },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: {
        code: "INVALID_REQUEST",
        field: "bytes",
        message: `bytes: must be at most ${LIMIT} bytes: the file is over the upload limit`,
      },
    });
    const after = await api<ImageListResponse>("GET", "/images", { query: { limit: "100" } });
    expect(after.body.items).toEqual(before.body.items);
  });

  it("answers 404 JSON for an unknown id and 400 for a malformed one", async () => {
    const missing = await api("GET", "/images/01JH8ZK5Q3X7W9M2N4P6R8T0VB");
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      error: { code: "NOT_FOUND", message: "no image with id 01JH8ZK5Q3X7W9M2N4P6R8T0VB" },
    });
    const malformed = await api<{ error: { field: string } }>("GET", "/images/not-an-id");
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.field).toBe("id");
  });
});

describe("listings", () => {
  let api: Invoke;
  let names: Awaited<ReturnType<typeof createApiResources>>;
  /** Newest first: three uploads, then the older FAILED and PROCESSED images. */
  let uploads: string[];
  let failed: ImageRecord;
  let processed: ImageRecord;
  let thumbnail: Buffer;

  beforeAll(async () => {
    ({ api, names } = await freshApi("listing"));
    processed = processedRecord("2025-01-30T09:00:00.000Z");
    failed = failedRecord("2025-01-31T10:00:00.000Z");
    await putRecord(names.imagesTable, processed);
    await putRecord(names.imagesTable, failed);
    thumbnail = await sharp(chelsea).resize(300, 300, { fit: "cover" }).jpeg({ quality: 80 }).toBuffer();
    await stack.s3.send(
      new PutObjectCommand({
        Bucket: names.mediaBucket,
        Key: `variants/${processed.imageId}/thumbnail.jpg`,
        Body: thumbnail,
        ContentType: "image/jpeg",
      }),
    );
    const created: string[] = [];
    for (const name of ["first.png", "second.png", "third.png"]) {
      await nextMillisecond();
      const upload = await createUpload(api, name, chelsea.length);
      expect((await postForm(upload, chelsea)).status).toBe(204);
      created.push(upload.imageId);
    }
    uploads = created.reverse();
  });

  /** Every page of a listing, following nextCursor until it is null. */
  async function allPages(query: Record<string, string>): Promise<ImageListResponse[]> {
    const pages: ImageListResponse[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: ImageListResponse } = await api<ImageListResponse>(
        "GET",
        "/images",
        {
          query: { ...query, ...(cursor ? { cursor } : {}) },
        },
      );
      expect(res.status).toBe(200);
      pages.push(res.body);
      cursor = res.body.nextCursor;
    } while (cursor !== null && pages.length < 10);
    return pages;
  }

  const ids = (pages: ImageListResponse[]) => pages.map((page) => page.items.map((item) => item.id));

  it("lists newest first, two at a time, following the cursor to the end", async () => {
    const pages = await allPages({ limit: "2" });
    expect(ids(pages)).toEqual([[uploads[0], uploads[1]], [uploads[2], failed.imageId], [processed.imageId]]);
    expect(pages.map((page) => page.nextCursor === null)).toEqual([false, false, true]);
  });

  it("filters by status, newest first, with the status listing's own cursors", async () => {
    expect(ids(await allPages({ limit: "2", status: "UPLOADED" }))).toEqual([
      [uploads[0], uploads[1]],
      [uploads[2]],
    ]);
    // A page that ends the listing says so: no cursor to an empty page.
    expect(ids(await allPages({ limit: "3", status: "UPLOADED" }))).toEqual([uploads]);
    const failedOnly = await allPages({ status: "failed" });
    expect(ids(failedOnly)).toEqual([[failed.imageId]]);
    expect(failedOnly[0]!.items[0]).toEqual({
      id: failed.imageId,
      status: "FAILED",
      fileName: "notes.png",
      createdAt: failed.createdAt,
      labels: [],
    });
    expect(ids(await allPages({ status: "PROCESSING" }))).toEqual([[]]);
  });

  it("refuses a cursor issued for another listing", async () => {
    const first = await api<ImageListResponse>("GET", "/images", {
      query: { limit: "1", status: "UPLOADED" },
    });
    const res = await api<{ error: { field: string } }>("GET", "/images", {
      query: { limit: "1", cursor: first.body.nextCursor! },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe("cursor");
  });

  it("lists a label's images through its label items, with the top labels and a thumbnail URL that serves", async () => {
    const pages = await allPages({ label: "CAT" });
    expect(ids(pages)).toEqual([[processed.imageId]]);
    const summary = pages[0]!.items[0]!;
    expect(summary).toMatchObject({ status: "PROCESSED", width: 451, height: 300 });
    expect(summary.labels.map((label) => label.name)).toEqual(["Animal", "Cat", "Mammal", "Pet", "Kitten"]);
    const res = await fetch(summary.thumbnailUrl!);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(thumbnail)).toBe(true);
    expect(ids(await allPages({ label: "dog" }))).toEqual([[]]);
  });

  it("gives a PROCESSED image's detail a URL for every variant, and a FAILED one its failure's description", async () => {
    const detail = await api<{ variants: { name: string; key: string; url: string }[] }>(
      "GET",
      `/images/${processed.imageId}`,
    );
    expect(detail.status).toBe(200);
    expect(detail.body.variants.map((v) => v.name)).toEqual([
      "compressed",
      "low",
      "webp",
      "png",
      "thumbnail",
    ]);
    for (const variant of detail.body.variants) {
      const url = new URL(variant.url);
      expect(url.pathname).toBe(`/${names.mediaBucket}/${variant.key}`);
      expect(url.searchParams.get("X-Amz-Expires")).toBe("900");
    }
    const thumb = detail.body.variants.find((v) => v.name === "thumbnail")!;
    expect(Buffer.from(await (await fetch(thumb.url)).arrayBuffer()).equals(thumbnail)).toBe(true);

    const failedDetail = await api("GET", `/images/${failed.imageId}`);
    expect(failedDetail.body).toMatchObject({
      status: "FAILED",
      failure: {
        code: "UNSUPPORTED_FORMAT",
        message: "the file's bytes are not an image format Darkroom reads",
        description: expect.stringContaining("not an image format Darkroom accepts"),
      },
    });
  });
});

describe("PUBLIC_S3_ENDPOINT", () => {
  it("presigns for the endpoint browsers reach while the function itself uses AWS_ENDPOINT_URL", async () => {
    const publicEndpoint = stack.emulator.url.replace("127.0.0.1", "localhost");
    const { api, names } = await freshApi("public", { PUBLIC_S3_ENDPOINT: publicEndpoint });
    const upload = await createUpload(api, "chelsea.png", chelsea.length);
    expect(upload.url).toBe(`${publicEndpoint}/${names.uploadsBucket}`);
    expect((await postForm(upload, chelsea)).status).toBe(204);
    const detail = await api<{ originalUrl: string }>("GET", `/images/${upload.imageId}`);
    expect(detail.body.originalUrl.startsWith(`${publicEndpoint}/`)).toBe(true);
    const original = await fetch(detail.body.originalUrl);
    expect(Buffer.from(await original.arrayBuffer()).equals(chelsea)).toBe(true);
  });
});
