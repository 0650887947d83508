import { describe, expect, it } from "vitest";
import { json } from "../src/http/responses.ts";
import { type Route, Router } from "../src/router.ts";
import { InMemoryImageRepository } from "./support/in-memory-image-repository.ts";
import { uploadedRecord } from "./support/records.ts";
import { testApi } from "./support/test-api.ts";

const handle = async () => json(200, {});
const routes: Route[] = [
  { method: "POST", path: "/uploads", handle },
  { method: "GET", path: "/images", handle },
  { method: "GET", path: "/images/{id}", handle },
];

describe("Router", () => {
  const router = new Router(routes);

  it("finds the route for a method and path, binding path parameters", () => {
    const match = router.match("GET", "/images/01JH8ZK5Q3X7W9M2N4P6R8T0VB");
    expect(match.kind).toBe("found");
    if (match.kind !== "found") return;
    expect(match.route.path).toBe("/images/{id}");
    expect(match.params).toEqual({ id: "01JH8ZK5Q3X7W9M2N4P6R8T0VB" });
    expect(router.match("GET", "/images")).toMatchObject({ kind: "found", params: {} });
  });

  it("tells a path with other methods from a path that does not exist", () => {
    expect(router.match("DELETE", "/images/x")).toEqual({
      kind: "wrong-method",
      path: "/images/{id}",
      allowed: ["GET"],
    });
    expect(router.match("GET", "/uploads")).toEqual({
      kind: "wrong-method",
      path: "/uploads",
      allowed: ["POST"],
    });
    expect(router.match("GET", "/images/x/y")).toEqual({ kind: "not-found" });
    expect(router.match("GET", "/images/")).toEqual({ kind: "not-found" });
    expect(router.match("GET", "/")).toEqual({ kind: "not-found" });
  });

  it("decodes path parameters, and refuses broken percent-encoding with 400 naming the parameter", () => {
    expect(router.match("GET", "/images/a%20b")).toMatchObject({ params: { id: "a b" } });
    expect(() => router.match("GET", "/images/%E0%A4%A")).toThrow(/^id: /);
  });
});

describe("routing a function URL event", () => {
  it("routes the raw path, with or without the /_lambda-url/<id> prefix and a trailing slash", async () => {
    const images = new InMemoryImageRepository();
    const record = uploadedRecord("2025-01-31T11:00:00.000Z");
    images.put(record);
    const { call } = testApi({ images });
    for (const path of ["/images", "/images/", "/_lambda-url/abc123/images", "/_lambda-url/abc123/images/"]) {
      const res = await call<{ items: { id: string }[] }>("GET", path);
      expect(res.status, path).toBe(200);
      expect(res.body.items.map((item) => item.id)).toEqual([record.imageId]);
    }
    const detail = await call("GET", `/_lambda-url/abc123/images/${record.imageId}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ imageId: record.imageId });
  });

  it("answers 405 with Allow for a known path and another method", async () => {
    const { call, metrics } = testApi();
    const res = await call("DELETE", "/images/01JH8ZK5Q3X7W9M2N4P6R8T0VB");
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe("GET");
    expect(res.body).toEqual({
      error: {
        code: "METHOD_NOT_ALLOWED",
        message: "DELETE is not allowed on /images/01JH8ZK5Q3X7W9M2N4P6R8T0VB; use GET",
      },
    });
    expect(metrics.failures).toEqual([{ route: "DELETE /images/{id}", status: 405 }]);
    expect((await call("GET", "/uploads")).headers.allow).toBe("POST");
    // Metric dimensions name only standard methods: a caller cannot invent new series.
    await call("PURGE", "/images");
    expect(metrics.failures.at(-1)).toEqual({ route: "OTHER /images", status: 405 });
  });

  it("answers 404 JSON for a path no route has", async () => {
    const { call, metrics } = testApi();
    const res = await call("GET", "/nothing/here");
    expect(res.status).toBe(404);
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(res.body).toEqual({ error: { code: "NOT_FOUND", message: "no route for GET /nothing/here" } });
    expect(metrics.failures).toEqual([{ route: "unmatched", status: 404 }]);
  });
});
