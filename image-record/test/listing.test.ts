import { describe, expect, it } from "vitest";
import {
  base64urlToBytes,
  bytesToBase64url,
  DEFAULT_PAGE_SIZE,
  decodeListCursor,
  encodeListCursor,
  InvalidCursorError,
  InvalidListRequestError,
  type ListMode,
  labelItems,
  listQuery,
  MAX_CURSOR_LENGTH,
  parseListParams,
  toImageItem,
} from "../src/index.ts";
import { IMAGE_ID, processedRecord } from "./fixtures.ts";

const SORT_KEY = `2025-01-31T12:00:00.000Z#${IMAGE_ID}`;
const ALL: ListMode = { kind: "all" };
const PROCESSED: ListMode = { kind: "status", status: "PROCESSED" };
const BEACH: ListMode = { kind: "label", label: "beach" };
const JPEG: ListMode = { kind: "format", format: "jpeg" };

/** The LastEvaluatedKey DynamoDB returns after an item: table key plus the queried index's key. */
function lastEvaluatedKey(mode: ListMode): Record<string, string> {
  const image = toImageItem(processedRecord());
  if (mode.kind === "label") {
    const { pk, sk, gsi1pk, gsi1sk } = labelItems(processedRecord())[0]!;
    return { pk, sk, gsi1pk, gsi1sk };
  }
  if (mode.kind === "status")
    return { pk: image.pk, sk: image.sk, gsi2pk: image.gsi2pk, gsi2sk: image.gsi2sk };
  if (mode.kind === "format")
    return { pk: image.pk, sk: image.sk, gsi3pk: image.gsi3pk!, gsi3sk: image.gsi3sk! };
  return { pk: image.pk, sk: image.sk, gsi1pk: image.gsi1pk, gsi1sk: image.gsi1sk };
}

function text(value: unknown): string {
  return bytesToBase64url(
    new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value)),
  );
}

function decodeError(mode: ListMode, cursor: string): string {
  try {
    decodeListCursor(mode, cursor);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidCursorError);
    return (error as Error).message;
  }
  throw new Error("the cursor was accepted");
}

describe("list cursors", () => {
  it.each([
    ["all", ALL],
    ["status", PROCESSED],
    ["label", BEACH],
    ["format", JPEG],
  ])("round-trip the %s listing's LastEvaluatedKey, URL-safe and opaque", (_, mode) => {
    const key = lastEvaluatedKey(mode);
    const cursor = encodeListCursor(mode, key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain(IMAGE_ID);
    expect(decodeListCursor(mode, cursor)).toEqual(key);
  });

  it("round-trip a label with characters outside ASCII", () => {
    const mode: ListMode = { kind: "label", label: "café crème" };
    const key = {
      pk: `IMAGE#${IMAGE_ID}`,
      sk: "LABEL#café crème",
      gsi1pk: "LABEL#café crème",
      gsi1sk: SORT_KEY,
    };
    expect(decodeListCursor(mode, encodeListCursor(mode, key))).toEqual(key);
  });

  it("refuse a cursor from another listing", () => {
    const fromStatus = encodeListCursor(PROCESSED, lastEvaluatedKey(PROCESSED));
    const other = "invalid cursor: it belongs to another listing (status or label differs)";
    expect(decodeError(BEACH, fromStatus)).toBe(other);
    expect(decodeError(ALL, fromStatus)).toBe(other);
    expect(decodeError({ kind: "status", status: "FAILED" }, fromStatus)).toBe(other);
    const fromLabel = encodeListCursor(BEACH, lastEvaluatedKey(BEACH));
    expect(decodeError({ kind: "label", label: "sea" }, fromLabel)).toBe(other);
    expect(decodeError(PROCESSED, fromLabel)).toBe(other);
  });

  it("refuse every single-character edit", () => {
    const cursor = encodeListCursor(PROCESSED, lastEvaluatedKey(PROCESSED));
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (let i = 0; i < cursor.length; i++) {
      const swapped = alphabet[(alphabet.indexOf(cursor[i]!) + 1) % alphabet.length];
      const edited = cursor.slice(0, i) + swapped + cursor.slice(i + 1);
      expect(() => decodeListCursor(PROCESSED, edited), `position ${i}`).toThrow(InvalidCursorError);
    }
  });

  it("say what is wrong with a tampered cursor", () => {
    const payload = base64urlToBytes(encodeListCursor(ALL, lastEvaluatedKey(ALL)))!;
    const [version, partition, , sum] = JSON.parse(new TextDecoder().decode(payload));
    const moved = `2025-01-31T12:00:00.000Z#01JH8ZK5Q3X7W9M2N4P6R8T0VC`;
    expect(decodeError(ALL, text([version, partition, moved, sum]))).toBe(
      "invalid cursor: it has been altered",
    );
    expect(decodeError(ALL, "not base64!")).toBe("invalid cursor: not base64url");
    expect(decodeError(ALL, "")).toBe("invalid cursor: not base64url");
    expect(decodeError(ALL, "A".repeat(MAX_CURSOR_LENGTH + 1))).toBe("invalid cursor: too long");
    for (const payload of ["{}", '[2,"IMAGES","x","00000000"]', '[1,"IMAGES"]', "null", "\u00ff"]) {
      expect(decodeError(ALL, text(payload)), payload).toBe(
        "invalid cursor: not a cursor issued by this API",
      );
    }
    // Invalid UTF-8 bytes.
    expect(decodeError(ALL, bytesToBase64url(Uint8Array.of(0xff, 0xfe)))).toBe(
      "invalid cursor: not a cursor issued by this API",
    );
  });

  it("refuse to encode a LastEvaluatedKey from another listing or without a sort key", () => {
    expect(() => encodeListCursor(BEACH, lastEvaluatedKey(PROCESSED))).toThrow(/no list sort key gsi1sk/);
    expect(() => encodeListCursor(ALL, lastEvaluatedKey(BEACH))).toThrow(
      /not from this listing: sk is "LABEL#beach"/,
    );
    expect(() => encodeListCursor(ALL, { ...lastEvaluatedKey(ALL), extra: "x" })).toThrow(/extra/);
  });
});

describe("list queries", () => {
  it("list all images newest first on gsi1", () => {
    expect(listQuery({ limit: 10 })).toEqual({
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :partition",
      ExpressionAttributeValues: { ":partition": "IMAGES" },
      ScanIndexForward: false,
      Limit: 10,
    });
  });

  it("list by status on gsi2", () => {
    expect(listQuery({ status: "FAILED", limit: 5 })).toEqual({
      IndexName: "gsi2",
      KeyConditionExpression: "gsi2pk = :partition",
      ExpressionAttributeValues: { ":partition": "STATUS#FAILED" },
      ScanIndexForward: false,
      Limit: 5,
    });
  });

  it("list by normalised label on gsi1", () => {
    expect(listQuery({ label: "  Sea   LIFE ", limit: 5 })).toEqual({
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :partition",
      ExpressionAttributeValues: { ":partition": "LABEL#sea life" },
      ScanIndexForward: false,
      Limit: 5,
    });
  });

  it("list by detected format on gsi3, in any case", () => {
    expect(listQuery({ format: "JPEG", limit: 5 })).toEqual({
      IndexName: "gsi3",
      KeyConditionExpression: "gsi3pk = :partition",
      ExpressionAttributeValues: { ":partition": "FORMAT#jpeg" },
      ScanIndexForward: false,
      Limit: 5,
    });
  });

  it("refuse a format listing's cursor in the all-images listing", () => {
    const cursor = encodeListCursor(JPEG, lastEvaluatedKey(JPEG));
    expect(() => listQuery({ limit: 5, cursor })).toThrow(/belongs to another listing/);
  });

  it("continue from a cursor of the same listing", () => {
    const cursor = encodeListCursor(BEACH, lastEvaluatedKey(BEACH));
    expect(listQuery({ label: "Beach", limit: 5, cursor }).ExclusiveStartKey).toEqual(
      lastEvaluatedKey(BEACH),
    );
  });

  it("take a query string's text: limit as digits, status in any case, a default page size", () => {
    expect(parseListParams({ limit: "50", status: "processed" })).toEqual({ limit: 50, status: "PROCESSED" });
    expect(parseListParams({})).toEqual({ limit: DEFAULT_PAGE_SIZE });
  });

  it.each([
    [{ limit: "0" }, "limit", "limit: must be at least 1"],
    [{ limit: "101" }, "limit", "limit: must be at most 100"],
    [{ limit: "ten" }, "limit", "limit: must be a whole number"],
    [{ limit: 2.5 }, "limit", "limit: must be a whole number"],
    [{ status: "DONE" }, "status", /^status: /],
    [{ label: "   " }, "label", "label: invalid label: empty after normalisation"],
    [{ status: "FAILED", label: "beach" }, "label", "label: cannot be combined with status"],
    [{ format: "svg" }, "format", /^format: /],
    [{ format: "png", status: "FAILED" }, "format", "format: cannot be combined with status or label"],
    [{ format: "png", label: "beach" }, "format", "format: cannot be combined with status or label"],
    [{ cursor: "" }, "cursor", "cursor: must not be empty"],
    [{ label: "beach", cursor: "%%%" }, "cursor", "invalid cursor: not base64url"],
  ])("refuse %j, naming the parameter", (params, field, message) => {
    let error: unknown;
    try {
      listQuery(params);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidListRequestError);
    expect((error as InvalidListRequestError).field).toBe(field);
    if (typeof message === "string") expect((error as Error).message).toBe(message);
    else expect((error as Error).message).toMatch(message);
  });

  it("refuse a status listing's cursor in a label listing", () => {
    const cursor = encodeListCursor(PROCESSED, lastEvaluatedKey(PROCESSED));
    expect(() => listQuery({ label: "beach", limit: 5, cursor })).toThrow(
      "invalid cursor: it belongs to another listing (status or label differs)",
    );
  });
});
