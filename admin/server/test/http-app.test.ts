import type { INestApplication } from "@nestjs/common";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdminApp } from "../src/app/create-app.ts";
import { openApiDocument } from "../src/app/openapi.ts";
import { CONSOLE_ORIGIN, fakeContext, STACK, TOKEN } from "./support/context.ts";
import { recordAt } from "./support/records.ts";

/** The HTTP edge over fake repositories: auth, CORS, validation, error bodies, the OpenAPI document. */
describe("the admin API's HTTP edge", () => {
  let app: INestApplication;
  let url: string;
  const { context, repositories } = fakeContext();
  const record = recordAt("PROCESSED", new Date("2025-03-01T10:00:00.000Z"));

  beforeAll(async () => {
    await repositories.imageTable.putImage(record);
    app = await createAdminApp(context, { logs: false });
    await app.listen(0, "127.0.0.1");
    url = await app.getUrl();
  });
  afterAll(() => app?.close());

  const call = (path: string, init: RequestInit = {}) => fetch(`${url}${path}`, init);
  const withToken = (token = TOKEN) => ({ headers: { authorization: `Bearer ${token}` } });

  /** Every operation of the OpenAPI document, its path parameters filled with a valid id. */
  function operations(): { method: string; path: string }[] {
    const doc = openApiDocument(app);
    return Object.entries(doc.paths).flatMap(([path, item]) =>
      ["get", "post", "delete", "put", "patch"]
        .filter((method) => method in item)
        .map((method) => ({ method: method.toUpperCase(), path: path.replace("{imageId}", record.imageId) })),
    );
  }

  it("answers 401 without the token, or with a wrong one, on every endpoint but health and the local session", async () => {
    const open = ["/api/health", "/api/auth/local-session"];
    const ops = operations().filter((op) => !open.includes(op.path));
    expect(ops.length).toBeGreaterThanOrEqual(6);
    for (const op of ops) {
      for (const init of [{}, withToken("wrong-token-0123456789"), { headers: { authorization: TOKEN } }]) {
        const response = await call(op.path, { method: op.method, ...init });
        expect(response.status, `${op.method} ${op.path}`).toBe(401);
        expect(await response.json()).toEqual({
          error: "Unauthorized",
          message: "send Authorization: Bearer <DARKROOM_ADMIN_TOKEN>",
        });
      }
    }
    expect((await call("/api/health")).status).toBe(200);
    expect((await call("/api/images", withToken())).status).toBe(200);
    expect((await call("/metrics", withToken())).status).toBe(200);
  });

  it("documents every endpoint with its schemas at /api/openapi.json, and serves the docs", async () => {
    const response = await call("/api/openapi.json");
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: { name: string }[];
            requestBody?: unknown;
            responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
          }
        >
      >;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/api/alarms",
      "/api/alarms/series",
      "/api/alarms/{name}/history",
      "/api/alarms/{name}/state",
      "/api/alerts",
      "/api/auth/local-session",
      "/api/costs",
      "/api/costs/prices",
      "/api/costs/projection",
      "/api/costs/snapshots",
      "/api/events",
      "/api/events/tickets",
      "/api/health",
      "/api/images",
      "/api/images/{imageId}",
      "/api/images/{imageId}/reprocess",
      "/api/labels",
      "/api/labels/recount",
      "/api/logs",
      "/api/logs/tail",
      "/api/metrics",
      "/api/uploads",
      "/api/uploads/limits",
      "/metrics",
    ]);
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const success = Object.entries(operation.responses).find(([status]) => status.startsWith("2"));
        const content = success?.[1].content ?? {};
        expect(Object.values(content)[0]?.schema, `${method} ${path} response schema`).toBeDefined();
      }
    }
    expect(doc.paths["/api/images"]?.get?.parameters?.map((p) => p.name).sort()).toEqual([
      "cursor",
      "format",
      "from",
      "label",
      "limit",
      "status",
      "to",
    ]);
    expect(doc.paths["/api/uploads"]?.post?.requestBody).toBeDefined();
    expect(doc.components.securitySchemes).toHaveProperty("bearer");
    const docs = await call("/api/docs");
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain("swagger");
  });

  it("refuses bad parameters with 400 naming them, never a stack trace", async () => {
    const cases: [string, string][] = [
      ["/api/images?limit=1000", "limit"],
      ["/api/images?status=DONE", "status"],
      ["/api/images?format=svg", "format"],
      ["/api/images?status=FAILED&format=png", "format"],
      ["/api/images?from=yesterday", "from"],
      ["/api/images?from=2025-03-02T00:00:00Z&to=2025-03-01T00:00:00Z", "to"],
      ["/api/images?cursor=%25%25", "cursor"],
      ["/api/images?colour=red", "(root)"],
      ["/api/images/not-an-id", "imageId"],
      ["/api/labels?top=0", "top"],
      ["/api/labels?top=1001", "top"],
    ];
    for (const [path, field] of cases) {
      const response = await call(path, withToken());
      const body = (await response.json()) as { error: string; field?: string; message: string };
      expect(response.status, path).toBe(400);
      expect(body.field, `${path}: ${body.message}`).toBe(field);
      expect(JSON.stringify(body)).not.toMatch(/\bat .*\.ts:\d+/);
    }
    const tooLarge = await call("/api/uploads", {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ fileName: "x".repeat(20_000), contentType: "image/png", bytes: 1 }),
    });
    expect(tooLarge.status, await tooLarge.clone().text()).toBe(413);
    expect(JSON.stringify(await tooLarge.json())).not.toContain("node_modules");
  });

  it("tells the console the stack's upload limit", async () => {
    const response = await call("/api/uploads/limits", withToken());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ maxBytes: STACK.maxUploadBytes });
  });

  it("answers 404 for an unknown image", async () => {
    const other = recordAt("UPLOADED", new Date("2025-03-01T11:00:00.000Z"));
    const response = await call(`/api/images/${other.imageId}`, withToken());
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: "NotFound", message: `no image ${other.imageId}` });
  });

  it("lets only the console's origin read across origins", async () => {
    const preflight = (origin: string) =>
      call("/api/images", {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "GET",
          "access-control-request-headers": "authorization",
        },
      });
    expect((await preflight(CONSOLE_ORIGIN)).headers.get("access-control-allow-origin")).toBe(CONSOLE_ORIGIN);
    expect((await preflight("https://evil.example")).headers.get("access-control-allow-origin")).toBeNull();
  });

  it("counts requests by route template for Prometheus", async () => {
    await call(`/api/images/${record.imageId}`, withToken());
    const text = await (await call("/metrics", withToken())).text();
    expect(text).toMatch(
      /darkroom_admin_http_request_duration_seconds_count\{method="GET",route="\/api\/images\/:imageId",status="200"\} \d+/,
    );
    expect(text).toContain("darkroom_admin_process_cpu_seconds_total");
  });
});
