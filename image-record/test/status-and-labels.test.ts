import { describe, expect, it } from "vitest";
import {
  assertTransition,
  canTransition,
  IMAGE_STATUSES,
  type ImageStatus,
  normaliseLabel,
  STATUS_TRANSITIONS,
  transitionCondition,
} from "../src/index.ts";

describe("status transitions", () => {
  it("allow exactly the pipeline, an upload that never came, and deliberate re-processing", () => {
    const allowed = IMAGE_STATUSES.flatMap((from) =>
      IMAGE_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`),
    );
    expect(allowed).toEqual([
      "UPLOADED→PROCESSING",
      "UPLOADED→FAILED",
      "PROCESSING→PROCESSED",
      "PROCESSING→FAILED",
      "PROCESSED→PROCESSING",
      "FAILED→PROCESSING",
    ]);
    expect(Object.keys(STATUS_TRANSITIONS)).toEqual([...IMAGE_STATUSES]);
  });

  it.each([
    ["UPLOADED", "PROCESSED"],
    ["PROCESSED", "FAILED"],
    ["FAILED", "PROCESSED"],
    ["PROCESSING", "PROCESSING"],
    ["PROCESSED", "UPLOADED"],
  ] as [ImageStatus, ImageStatus][])("refuse %s → %s with the allowed ones named", (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    expect(() => assertTransition(from, to)).toThrow(
      `invalid status transition ${from} → ${to}: ${from} may only become`,
    );
  });

  it("give the write a condition on the status and attempt it was read at", () => {
    expect(transitionCondition({ status: "UPLOADED", attempts: 0 }, "PROCESSING")).toEqual({
      ConditionExpression: "#status = :expectedStatus AND #attempts = :expectedAttempts",
      ExpressionAttributeNames: { "#status": "status", "#attempts": "attempts" },
      ExpressionAttributeValues: { ":expectedStatus": "UPLOADED", ":expectedAttempts": 0 },
    });
    expect(() => transitionCondition({ status: "PROCESSED", attempts: 1 }, "FAILED")).toThrow(
      /invalid status/,
    );
  });
});

describe("normaliseLabel", () => {
  it.each([
    ["Beach", "beach"],
    ["  Sea   Life ", "sea life"],
    ["SEA\tLIFE", "sea life"],
    ["T-Shirt", "t-shirt"],
    ["Ｃａｆé", "café"], // full-width letters fold under NFKC
    ["Cafe\u0301", "café"], // decomposed accent composes
    ["İstanbul", "i̇stanbul"], // locale-independent lower case
  ])("%j → %j", (name, expected) => {
    expect(normaliseLabel(name)).toBe(expected);
  });

  it("is idempotent", () => {
    for (const name of ["Beach", "  Sea   Life ", "Ｃａｆé", "İstanbul", "ß", "Ǆ"]) {
      expect(normaliseLabel(normaliseLabel(name)), name).toBe(normaliseLabel(name));
    }
  });

  it("refuses empty and over-long names", () => {
    expect(() => normaliseLabel(" \t ")).toThrow("invalid label: empty after normalisation");
    expect(() => normaliseLabel("x".repeat(101))).toThrow("invalid label: longer than 100 characters");
  });
});
