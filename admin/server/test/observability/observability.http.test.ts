import type { INestApplication } from "@nestjs/common";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdminApp } from "../../src/app/create-app.ts";
import { SERIES_NAMES } from "../../src/metrics-series/series-catalog.ts";
import { fakeContext, STACK, TOKEN } from "../support/context.ts";

/** The metrics, logs and costs endpoints over fake repositories: routes, validation, OpenAPI. */
describe("metrics, logs and costs over HTTP", () => {
  let app: INestApplication;
  let url: string;
  const { context, repositories } = fakeContext();

  beforeAll(async () => {
    repositories.functionLogs.events.set(STACK.logGroups.processor, [
      { timestamp: Date.now() - 1000, message: '{"message":"Image processed"}', logStreamName: "s" },
    ]);
    app = await createAdminApp(context, { logs: false });
    await app.listen(0, "127.0.0.1");
    url = await app.getUrl();
  });
  afterAll(() => app?.close());

  const get = async (path: string) => {
    const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it("serves each endpoint under /api, beside Prometheus' /metrics", async () => {
    const metrics = await get("/api/metrics?series=processor.invocations,uploads.count");
    expect(metrics.status, JSON.stringify(metrics.body)).toBe(200);
    expect((metrics.body.series as { name: string }[]).map((s) => s.name)).toEqual([
      "processor.invocations",
      "uploads.count",
    ]);
    const prometheus = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(await prometheus.text()).toContain("darkroom_admin_http_request_duration_seconds");
    const logs = await get("/api/logs?function=processor&filter=%22Image%20processed%22");
    expect(logs.status, JSON.stringify(logs.body)).toBe(200);
    expect((logs.body.events as unknown[]).length).toBe(1);
    const tail = await get("/api/logs/tail?function=api");
    expect(tail).toMatchObject({ status: 200, body: { events: [], truncated: false } });
    const costs = await get("/api/costs?window=1");
    expect(costs.status, JSON.stringify(costs.body)).toBe(200);
    expect(costs.body).toMatchObject({ basis: "measured", window: { hours: 1 } });
    expect((await get("/api/costs/projection?imagesPerMonth=1000")).status).toBe(200);
    expect((await get("/api/costs/prices")).body).toMatchObject({ region: "us-east-1" });
    expect((await get("/api/costs/snapshots")).body).toMatchObject({
      snapshots: [],
      kept: 48,
      everyMs: 3_600_000,
    });
  });

  it("refuses out-of-bounds parameters with 400 naming them", async () => {
    const hourAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
    const cases: [string, string][] = [
      ["/api/metrics?series=cpu", "series.0"],
      ["/api/metrics?period=30", "period"],
      ["/api/metrics?period=90", "period"],
      ["/api/metrics?period=172800", "period"],
      [`/api/metrics?from=${hourAgo(48)}&period=60`, "period"],
      [`/api/metrics?from=${hourAgo(24 * 16)}&period=3600`, "from"],
      [`/api/metrics?from=${hourAgo(1)}&to=${hourAgo(2)}`, "to"],
      ["/api/metrics?step=60", "(root)"],
      ["/api/logs", "function"],
      ["/api/logs?function=worker", "function"],
      [`/api/logs?function=api&filter=${"x".repeat(1025)}`, "filter"],
      ["/api/logs?function=api&filter=%22open", "filter"],
      ["/api/logs?function=api&limit=1001", "limit"],
      ["/api/logs?function=api&cursor=not%20a%20cursor", "cursor"],
      ["/api/logs?function=api&cursor=bm90LWEtY3Vyc29y", "cursor"],
      [`/api/logs/tail?function=api&since=${Date.now() - 2 * 3_600_000}`, "since"],
      ["/api/costs?window=0", "window"],
      ["/api/costs?window=361", "window"],
      ["/api/costs/projection", "imagesPerMonth"],
      ["/api/costs/projection?imagesPerMonth=100000001", "imagesPerMonth"],
      ["/api/costs/projection?imagesPerMonth=10&processorMemoryMb=64", "processorMemoryMb"],
    ];
    for (const [path, field] of cases) {
      const { status, body } = await get(path);
      expect(status, `${path}: ${JSON.stringify(body)}`).toBe(400);
      expect(body.field, `${path}: ${body.message}`).toBe(field);
    }
  });

  it("documents them with their parameters and response schemas", async () => {
    const doc = (await (await fetch(`${url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string; description?: string }[] }>>;
    };
    const params = (path: string) => doc.paths[path]?.get?.parameters?.map((p) => p.name).sort();
    expect(params("/api/metrics")).toEqual(["from", "period", "series", "to"]);
    expect(params("/api/logs")).toEqual(["cursor", "filter", "from", "function", "limit", "to"]);
    expect(params("/api/logs/tail")).toEqual(["filter", "function", "limit", "since"]);
    expect(params("/api/costs")).toEqual(["window"]);
    expect(params("/api/costs/projection")).toEqual([
      "avgOriginalBytes",
      "imagesPerMonth",
      "processorDurationMs",
      "processorMemoryMb",
    ]);
    for (const path of ["/api/costs/prices", "/api/costs/snapshots", "/metrics"])
      expect(doc.paths[path]?.get).toBeDefined();
    const series = doc.paths["/api/metrics"]?.get?.parameters?.find((p) => p.name === "series");
    expect(series?.description).toContain(SERIES_NAMES[0]);
  });
});
