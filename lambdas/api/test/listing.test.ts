import { encodeListCursor, type ImageRecord, listPosition, listSortKey } from "@darkroom/image-record";
import { beforeEach, describe, expect, it } from "vitest";
import type { ImageListResponse } from "../src/dto/responses.dto.ts";
import { InMemoryImageRepository } from "./support/in-memory-image-repository.ts";
import { failedRecord, processedRecord, uploadedRecord } from "./support/records.ts";
import { testApi } from "./support/test-api.ts";

interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

let images: InMemoryImageRepository;
let call: ReturnType<typeof testApi>["call"];
/** Five images a minute apart, newest first. */
let records: ImageRecord[];

beforeEach(() => {
  images = new InMemoryImageRepository();
  ({ call } = testApi({ images }));
  records = [
    uploadedRecord("2025-01-31T11:04:00.000Z"),
    processedRecord("2025-01-31T11:03:00.000Z"),
    failedRecord("2025-01-31T11:02:00.000Z"),
    processedRecord("2025-01-31T11:01:00.000Z"),
    uploadedRecord("2025-01-31T11:00:00.000Z"),
  ];
  for (const record of [...records].reverse()) images.put(record);
});

const ids = (list: ImageListResponse) => list.items.map((item) => item.id);
const idsOf = (...indexes: number[]) => indexes.map((i) => records[i]!.imageId);

describe("GET /images cursors", () => {
  it("passes the cursor on as the Query's ExclusiveStartKey, the page's last position", async () => {
    const first = await call<ImageListResponse>("GET", "/images", { query: { limit: "2" } });
    expect(ids(first.body)).toEqual(idsOf(0, 1));
    const last = records[1]!;
    const position = listPosition({ kind: "all" }, last.imageId, listSortKey(last.createdAt, last.imageId));
    expect(first.body.nextCursor).toBe(encodeListCursor({ kind: "all" }, position));

    const second = await call<ImageListResponse>("GET", "/images", {
      query: { limit: "2", cursor: first.body.nextCursor! },
    });
    expect(images.queries.at(-1)).toMatchObject({ IndexName: "gsi1", ExclusiveStartKey: position, Limit: 3 });
    expect(ids(second.body)).toEqual(idsOf(2, 3));
    const third = await call<ImageListResponse>("GET", "/images", {
      query: { limit: "2", cursor: second.body.nextCursor! },
    });
    expect(ids(third.body)).toEqual(idsOf(4));
    expect(third.body.nextCursor).toBeNull();
  });

  it("ends a listing whose last page is full without a cursor to an empty page", async () => {
    const all = await call<ImageListResponse>("GET", "/images", { query: { limit: "5" } });
    expect(ids(all.body)).toEqual(idsOf(0, 1, 2, 3, 4));
    expect(all.body.nextCursor).toBeNull();
  });

  it.each([
    ["not base64url", "%%%", "invalid cursor: not base64url"],
    [
      "not one of ours",
      Buffer.from("[1,2,3]").toString("base64url"),
      "invalid cursor: not a cursor issued by this API",
    ],
  ])("refuses a cursor that is %s", async (_, cursor, message) => {
    const res = await call<ErrorBody>("GET", "/images", { query: { cursor } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: "INVALID_REQUEST", field: "cursor", message } });
  });

  it("refuses an altered cursor and one from another listing", async () => {
    const first = await call<ImageListResponse>("GET", "/images", { query: { limit: "1" } });
    const cursor = first.body.nextCursor!;
    const payload = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    payload[2] = payload[2].replace("2025", "2024");
    const altered = Buffer.from(JSON.stringify(payload)).toString("base64url");
    const res = await call<ErrorBody>("GET", "/images", { query: { cursor: altered } });
    expect(res.body.error).toEqual({
      code: "INVALID_REQUEST",
      field: "cursor",
      message: "invalid cursor: it has been altered",
    });
    const other = await call<ErrorBody>("GET", "/images", { query: { cursor, status: "UPLOADED" } });
    expect(other.status).toBe(400);
    expect(other.body.error.message).toMatch(/belongs to another listing/);
  });
});

describe("GET /images filters", () => {
  it("lists a status from its index partition", async () => {
    const res = await call<ImageListResponse>("GET", "/images", { query: { status: "processed" } });
    expect(ids(res.body)).toEqual(idsOf(1, 3));
    expect(images.queries.at(-1)).toMatchObject({
      IndexName: "gsi2",
      ExpressionAttributeValues: { ":partition": "STATUS#PROCESSED" },
    });
  });

  it("lists a label from label items, reading the records in the label items' order", async () => {
    const res = await call<ImageListResponse>("GET", "/images", { query: { label: "  CAT ", limit: "1" } });
    expect(ids(res.body)).toEqual(idsOf(1));
    expect(images.batchGets).toEqual([idsOf(1)]);
    const next = await call<ImageListResponse>("GET", "/images", {
      query: { label: "cat", limit: "1", cursor: res.body.nextCursor! },
    });
    expect(ids(next.body)).toEqual(idsOf(3));
    expect(next.body.nextCursor).toBeNull();
    expect(images.batchGets).toEqual([idsOf(1), idsOf(3)]);
  });

  it("summarises: displayed size, the thumbnail once processed, the five most confident labels", async () => {
    const res = await call<ImageListResponse>("GET", "/images", { query: { limit: "3" } });
    const [uploaded, processed, failed] = res.body.items;
    expect(uploaded).toEqual({
      id: records[0]!.imageId,
      status: "UPLOADED",
      fileName: "chelsea.png",
      createdAt: "2025-01-31T11:04:00.000Z",
      labels: [],
    });
    expect(processed).toEqual({
      id: records[1]!.imageId,
      status: "PROCESSED",
      fileName: "chelsea.png",
      createdAt: "2025-01-31T11:03:00.000Z",
      width: 451,
      height: 300,
      thumbnailUrl: `https://s3.test/media/variants/${records[1]!.imageId}/thumbnail.jpg?expires=900`,
      labels: [
        { name: "Animal", confidence: 99.1 },
        { name: "Cat", confidence: 98.6 },
        { name: "Mammal", confidence: 97.4 },
        { name: "Pet", confidence: 96.0 },
        { name: "Kitten", confidence: 71.2 },
      ],
    });
    expect(failed).not.toHaveProperty("thumbnailUrl");
  });

  it("gives width and height as displayed: EXIF orientations 5-8 swap them", async () => {
    const rotated = { ...processedRecord("2025-01-31T11:05:00.000Z"), orientation: 6 as const };
    rotated.variants = rotated.variants.map((v) =>
      v.name === "thumbnail" ? v : { ...v, width: 300, height: 451 },
    );
    images.put(rotated);
    const res = await call<ImageListResponse>("GET", "/images", { query: { limit: "1" } });
    expect(res.body.items[0]).toMatchObject({ id: rotated.imageId, width: 300, height: 451 });
  });

  it.each([
    [{ limit: "0" }, "limit", "limit: must be at least 1"],
    [{ limit: "101" }, "limit", "limit: must be at most 100"],
    [{ limit: "ten" }, "limit", "limit: must be a whole number"],
    [{ status: "DONE" }, "status", undefined],
    [{ status: "FAILED", label: "cat" }, "label", "label: cannot be combined with status"],
    [{ page: "2" }, "page", "page: is not a known field"],
  ])("refuses %j naming %s", async (query, field, message) => {
    const res = await call<ErrorBody>("GET", "/images", { query });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
    if (message) expect(res.body.error.message).toBe(message);
    expect(images.queries).toEqual([]);
  });

  it("takes empty parameters as absent", async () => {
    const res = await call<ImageListResponse>("GET", "/images", {
      query: { cursor: "", status: "", label: "" },
    });
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual(idsOf(0, 1, 2, 3, 4));
  });
});
