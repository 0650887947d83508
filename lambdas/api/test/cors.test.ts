import { describe, expect, it } from "vitest";
import { corsHeaders, preflightResponse } from "../src/http/cors.ts";
import { testApi } from "./support/test-api.ts";

const APP = "http://localhost:5173";

describe("corsHeaders", () => {
  it("sends nothing when no origin is configured", () => {
    expect(corsHeaders({ allowedOrigins: [] }, APP)).toEqual({});
  });

  it("echoes an allowed origin (case-insensitively) and varies on Origin", () => {
    const policy = { allowedOrigins: [APP, "https://darkroom.example.com"] };
    expect(corsHeaders(policy, "https://Darkroom.example.com")).toEqual({
      "access-control-allow-origin": "https://Darkroom.example.com",
      vary: "Origin",
    });
    expect(corsHeaders(policy, "https://evil.example")).toEqual({ vary: "Origin" });
    expect(corsHeaders(policy, undefined)).toEqual({ vary: "Origin" });
  });

  it("answers * to everyone when * is configured", () => {
    expect(corsHeaders({ allowedOrigins: ["*"] }, "https://any.example")).toEqual({
      "access-control-allow-origin": "*",
    });
  });
});

describe("preflightResponse", () => {
  const policy = { allowedOrigins: [APP] };
  const asking = (origin: string, method: string) => ({
    origin,
    "access-control-request-method": method,
    "access-control-request-headers": "content-type",
  });

  it("allows an allowed origin's method with the JSON content type", () => {
    const res = preflightResponse(policy, asking(APP, "POST"), ["POST"]);
    expect(res.statusCode).toBe(204);
    expect(res.headers).toEqual({
      "cache-control": "no-store",
      allow: "POST, OPTIONS",
      vary: "Origin, Access-Control-Request-Method",
      "access-control-allow-origin": APP,
      "access-control-allow-methods": "POST",
      "access-control-allow-headers": "content-type",
      "access-control-max-age": "600",
    });
  });

  it("grants nothing to another origin or for a method the route lacks", () => {
    for (const headers of [asking("https://evil.example", "POST"), asking(APP, "DELETE")]) {
      const res = preflightResponse(policy, headers, ["POST"]);
      expect(res.statusCode).toBe(204);
      expect(res.headers["access-control-allow-origin"]).toBeUndefined();
      expect(res.headers["access-control-allow-methods"]).toBeUndefined();
    }
  });
});

describe("CORS through the API", () => {
  it("answers a preflight that reaches the function, for the route's methods", async () => {
    const { call, metrics } = testApi({ allowedOrigins: [APP] });
    const res = await call("OPTIONS", "/uploads", {
      headers: { origin: APP, "access-control-request-method": "POST" },
    });
    expect(res.status).toBe(204);
    expect(res.headers["access-control-allow-origin"]).toBe(APP);
    expect(res.headers["access-control-allow-methods"]).toBe("POST");
    expect(metrics.failures).toEqual([]);
  });

  it("puts the CORS headers on answers and on errors alike", async () => {
    const { call } = testApi({ allowedOrigins: [APP] });
    const ok = await call("GET", "/images", { headers: { origin: APP } });
    expect(ok.status).toBe(200);
    expect(ok.headers).toMatchObject({ "access-control-allow-origin": APP, vary: "Origin" });
    const bad = await call("GET", "/images", { headers: { origin: APP }, query: { limit: "0" } });
    expect(bad.status).toBe(400);
    expect(bad.headers["access-control-allow-origin"]).toBe(APP);
    const missing = await call("GET", "/nowhere", { headers: { Origin: APP } });
    expect(missing.status).toBe(404);
    expect(missing.headers["access-control-allow-origin"]).toBe(APP);
  });

  it("answers OPTIONS on an unknown path with 404", async () => {
    const { call } = testApi({ allowedOrigins: [APP] });
    const res = await call("OPTIONS", "/nowhere", {
      headers: { origin: APP, "access-control-request-method": "GET" },
    });
    expect(res.status).toBe(404);
  });
});
