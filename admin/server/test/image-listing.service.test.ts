import type { ImageRecord } from "@darkroom/image-record";
import { BadRequestException } from "@nestjs/common";
import { beforeAll, describe, expect, it } from "vitest";
import { ImageListingService } from "../src/images/image-listing.service.ts";
import { ImageViews } from "../src/images/image-views.ts";
import { listImagesQuerySchema } from "../src/images/images.dto.ts";
import { FakeImageTable, FakeObjectStore } from "./support/fakes.ts";
import { recordAt } from "./support/records.ts";

const START = Date.parse("2025-03-01T00:00:00.000Z");
const MINUTE = 60_000;

/** 120 images a minute apart: every 3rd FAILED (png), the rest PROCESSED (jpeg, every 4th also webp and "beach"). */
function seedRecords(): ImageRecord[] {
  return Array.from({ length: 120 }, (_, i) => {
    const at = new Date(START + i * MINUTE);
    if (i % 3 === 0) return recordAt("FAILED", at, { format: "png" });
    return recordAt("PROCESSED", at, {
      format: i % 4 === 0 ? "webp" : "jpeg",
      labels: i % 4 === 0 ? ["Beach", "Person"] : ["Person"],
    });
  });
}

describe("ImageListingService", () => {
  const table = new FakeImageTable();
  const listing = new ImageListingService(table, new ImageViews(new FakeObjectStore()));
  const records = seedRecords();
  const list = (query: Record<string, unknown>) => listing.list(listImagesQuerySchema.parse(query));

  beforeAll(async () => {
    for (const record of records) await table.putImage(record);
  });

  /** Every page of a listing, following nextCursor; the ids in order. */
  async function allPages(query: Record<string, string>): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await list({ ...query, ...(cursor ? { cursor } : {}) });
      ids.push(...page.items.map((item) => item.imageId));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null);
    return { ids, pages };
  }

  const newestFirst = (selected: ImageRecord[]) => selected.map((r) => r.imageId).reverse();

  it("pages through all 120 images newest first, without duplicates or gaps, on gsi1", async () => {
    const { ids, pages } = await allPages({ limit: "50" });
    expect(ids).toEqual(newestFirst(records));
    expect(pages).toBe(3);
    expect(table.queries.every((q) => q.IndexName === "gsi1")).toBe(true);
  });

  it.each([
    ["status", { status: "FAILED" }, "gsi2", (r: ImageRecord) => r.status === "FAILED"],
    ["format", { format: "webp" }, "gsi3", (r: ImageRecord) => "format" in r && r.format === "webp"],
    [
      "label",
      { label: "beach" },
      "gsi1",
      (r: ImageRecord) => r.status === "PROCESSED" && r.labels.some((l) => l.name === "Beach"),
    ],
  ])("filters by %s on its index, all pages", async (_, filter, index, keep) => {
    table.queries.length = 0;
    const { ids } = await allPages({ ...filter, limit: "7" });
    expect(ids).toEqual(newestFirst(records.filter(keep)));
    expect(ids.length).toBeGreaterThan(7);
    expect(new Set(table.queries.map((q) => q.IndexName))).toEqual(new Set([index]));
  });

  it("filters by creation range, bounds included, alone and with another filter", async () => {
    const from = new Date(START + 10 * MINUTE).toISOString();
    const to = new Date(START + 29 * MINUTE).toISOString();
    const inRange = (r: ImageRecord) => r.createdAt >= from && r.createdAt <= to;
    expect((await allPages({ from, to, limit: "6" })).ids).toEqual(newestFirst(records.filter(inRange)));
    expect((await allPages({ from, to, status: "FAILED", limit: "3" })).ids).toEqual(
      newestFirst(records.filter((r) => inRange(r) && r.status === "FAILED")),
    );
    expect((await allPages({ from })).ids).toHaveLength(110);
    expect((await allPages({ to })).ids).toHaveLength(30);
  });

  it("links thumbnails of processed images only", async () => {
    const page = await list({ limit: "3" });
    const byStatus = page.items.map((item) => [item.status, item.thumbnailUrl !== null]);
    expect(byStatus).toEqual([
      ["PROCESSED", true],
      ["PROCESSED", true],
      ["FAILED", false],
    ]);
  });

  it("refuses a cursor of another listing or outside the range, and exclusive filters", async () => {
    const { nextCursor } = await list({ status: "FAILED", limit: "2" });
    const refusal = async (query: Record<string, unknown>) => {
      const error = await list(query).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BadRequestException);
      return (error as BadRequestException).getResponse();
    };
    expect(await refusal({ cursor: nextCursor })).toMatchObject({ field: "cursor" });
    expect(
      await refusal({ status: "FAILED", cursor: nextCursor, from: "2025-04-01T00:00:00Z" }),
    ).toMatchObject({
      field: "cursor",
      message: "invalid cursor: it lies outside the from/to range",
    });
    expect(await refusal({ status: "FAILED", label: "beach" })).toMatchObject({ field: "label" });
    expect(await refusal({ format: "png", label: "beach" })).toMatchObject({ field: "format" });
  });
});
