import { afterEach, describe, expect, it, vi } from "vitest";
import { PowertoolsApiMetrics } from "../src/observability.ts";

/** The EMF documents Powertools writes to stdout, where CloudWatch Logs picks them up. */
function captureStdout(): { lines: () => Record<string, unknown>[] } {
  const written: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  return {
    lines: () =>
      written
        .join("")
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line)),
  };
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe("PowertoolsApiMetrics", () => {
  it("emits ApiErrors (5xx) and ClientErrors (4xx) at once, by route; UploadsCreated on flush", () => {
    vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "false");
    const stdout = captureStdout();
    const metrics = new PowertoolsApiMetrics("DarkroomTest", "darkroom-api");
    metrics.requestFailed("GET /images", 500);
    metrics.requestFailed("POST /uploads", 400);
    metrics.uploadCreated();
    metrics.flush();
    metrics.flush();
    const documents = stdout.lines();
    const emf = (doc: Record<string, unknown>) =>
      (
        doc._aws as {
          CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[];
        }
      ).CloudWatchMetrics[0]!;
    expect(documents).toHaveLength(3);
    expect(documents.map((doc) => emf(doc).Metrics.map((m) => m.Name))).toEqual([
      ["ApiErrors"],
      ["ClientErrors"],
      ["UploadsCreated"],
    ]);
    expect(documents[0]).toMatchObject({ route: "GET /images", ApiErrors: 1, service: "darkroom-api" });
    expect(documents[1]).toMatchObject({ route: "POST /uploads", ClientErrors: 1 });
    expect(emf(documents[0]!).Dimensions[0]).toContain("route");
    expect(emf(documents[2]!).Namespace).toBe("DarkroomTest");
  });
});
