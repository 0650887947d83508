import { describe, expect, it } from "vitest";
import { type SparkSeries, sparkCaption, sparkShape, sparkText } from "../src/lib/alarms/sparkline.ts";

const MIN = 60_000;
const from = Date.parse("2025-03-01T10:00:00.000Z");
const window = { from, to: from + 10 * MIN };
const box = { width: 206, height: 46 }; // 200 × 40 inside the 3 px margin

function series(overrides: Partial<SparkSeries>): SparkSeries {
  return {
    label: "AWS/Lambda Errors Sum",
    threshold: 5,
    comparison: "GreaterThanOrEqualToThreshold",
    period: 60,
    unit: null,
    points: [],
    problem: null,
    ...overrides,
  };
}

describe("the alarm sparkline's geometry", () => {
  it("joins consecutive buckets, leaves a dot for a bucket alone, and keeps the threshold in view", () => {
    const shape = sparkShape(
      series({
        points: [
          { t: from, v: 0 },
          { t: from + MIN, v: 2 },
          { t: from + 5 * MIN, v: 1 },
        ],
      }),
      window,
      box,
    );
    // Values 0..5 (the threshold is the top): 0 at the bottom (y 43), 5 at the top (y 3).
    expect(shape.thresholdY).toBe(3);
    expect(shape.lines).toEqual(["M3 43 L23 27"]);
    expect(shape.dots).toEqual([{ x: 103, y: 35 }]);
    expect(shape.last).toEqual({ x: 103, y: 35 });
  });

  it("draws the threshold alone when there is no data, and nothing before it has a width", () => {
    expect(sparkShape(series({}), window, box)).toMatchObject({ lines: [], dots: [], last: null });
    expect(sparkShape(series({}), window, box).thresholdY).not.toBeNull();
    expect(
      sparkShape(series({ points: [{ t: from, v: 1 }] }), window, { width: 0, height: 46 }).last,
    ).toBeNull();
  });
});

describe("the alarm sparkline in words", () => {
  it("says the last value and the threshold with the side that alarms", () => {
    expect(sparkText(series({ points: [{ t: from, v: 3 }] }), 3)).toBe(
      "AWS/Lambda Errors Sum, last 3 h: last value 3, threshold 5 (ALARM at or above it); 1 point",
    );
    expect(
      sparkText(
        series({
          label: "Success rate (%)",
          threshold: 90,
          comparison: "LessThanThreshold",
          points: [
            { t: from, v: 100 },
            { t: from + MIN, v: 33.3333 },
          ],
        }),
        3,
      ),
    ).toBe("Success rate (%), last 3 h: last value 33.33, threshold 90 (ALARM below it); 2 points");
    expect(sparkText(series({ unit: "Milliseconds", threshold: 30_000 }), 1)).toBe(
      "AWS/Lambda Errors Sum, last 1 h: no data, threshold 30,000 Milliseconds (ALARM at or above it)",
    );
    expect(sparkText(series({ problem: "Metrics Insights alarms are not drawn" }), 3)).toBe(
      "AWS/Lambda Errors Sum: not drawn (Metrics Insights alarms are not drawn)",
    );
  });

  it("puts the last value and the threshold in a few words beside it", () => {
    expect(sparkCaption(series({ points: [{ t: from, v: 1234.5678 }] }), 3)).toBe(
      "last 1,234.57 · threshold 5",
    );
    expect(sparkCaption(series({ threshold: null }), 3)).toBe("no data in 3 h");
    expect(sparkCaption(series({ problem: "InternalError" }), 3)).toBe("not drawn: InternalError");
  });
});
