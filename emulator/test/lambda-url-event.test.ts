import { describe, expect, it } from "vitest";
import type { HttpRequest } from "../src/gateway/http.ts";
import { urlEvent, urlResponse } from "../src/services/lambda/url-event.ts";

function request(overrides: Partial<HttpRequest>): HttpRequest {
  return {
    requestId: "req-1",
    method: "GET",
    rawPath: "/",
    rawQuery: "",
    query: new URLSearchParams(),
    headers: {},
    body: Buffer.alloc(0),
    hostname: "localhost",
    receivedAt: new Date(),
    ...overrides,
  };
}

const CTX = {
  urlId: "a".repeat(32),
  region: "us-east-1",
  requestId: "req-1",
  path: "/items/7",
  sourceIp: "127.0.0.1",
};

describe("function URL payload format 2.0", () => {
  it("turns a request into the v2.0 event", () => {
    const event = urlEvent(
      request({
        method: "POST",
        rawQuery: "a=1&a=2&b=x",
        query: new URLSearchParams("a=1&a=2&b=x"),
        headers: { "content-type": "application/json", cookie: "s=1; t=2", "user-agent": "curl/8" },
        body: Buffer.from('{"n":1}'),
      }),
      CTX,
    );
    expect(event).toMatchObject({
      version: "2.0",
      routeKey: "$default",
      rawPath: "/items/7",
      rawQueryString: "a=1&a=2&b=x",
      cookies: ["s=1", "t=2"],
      queryStringParameters: { a: "1,2", b: "x" },
      body: '{"n":1}',
      isBase64Encoded: false,
      requestContext: {
        domainName: `${CTX.urlId}.lambda-url.us-east-1.on.aws`,
        http: { method: "POST", path: "/items/7", sourceIp: "127.0.0.1", userAgent: "curl/8" },
      },
    });
    expect(event.headers.cookie).toBeUndefined();
    expect(event.requestContext.time).toMatch(/^\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000$/);
  });

  it("base64-encodes binary bodies", () => {
    const bytes = Buffer.from([0, 255, 1]);
    const event = urlEvent(request({ headers: { "content-type": "image/png" }, body: bytes }), CTX);
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? "", "base64")).toEqual(bytes);
  });

  it("maps structured results and infers plain ones", () => {
    const structured = urlResponse(JSON.stringify({ statusCode: 201, headers: { "X-Id": 7 }, body: "made" }));
    expect(structured.status).toBe(201);
    expect(structured.headers["x-id"]).toBe("7");
    expect(String(structured.body)).toBe("made");
    const binary = urlResponse(
      JSON.stringify({ statusCode: 200, body: Buffer.from("hi").toString("base64"), isBase64Encoded: true }),
    );
    expect(String(binary.body)).toBe("hi");
    const inferred = urlResponse(JSON.stringify({ ok: true }));
    expect(inferred.status).toBe(200);
    expect(inferred.headers["content-type"]).toBe("application/json");
    expect(inferred.body).toBe('{"ok":true}');
  });
});
