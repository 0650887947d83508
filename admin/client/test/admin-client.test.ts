import { describe, expect, it } from "vitest";
import { createAdminClient } from "../src/index.ts";

/** The requests the client makes, answered with a fixed body. */
function recordingFetch(status: number, body: unknown) {
  const requests: Request[] = [];
  const fetch = async (request: Request) => {
    requests.push(request);
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  };
  return { fetch, requests };
}

describe("createAdminClient", () => {
  it("sends the bearer token and the typed query to the backend's origin", async () => {
    const { fetch, requests } = recordingFetch(200, { items: [], nextCursor: null });
    const admin = createAdminClient({ baseUrl: "http://127.0.0.1:4080/", token: "t".repeat(32), fetch });
    const { data, error } = await admin.GET("/api/images", {
      params: { query: { status: "FAILED", limit: 50 } },
    });
    expect(error).toBeUndefined();
    expect(data).toEqual({ items: [], nextCursor: null });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.url).toBe("http://127.0.0.1:4080/api/images?status=FAILED&limit=50");
    expect(requests[0]?.headers.get("authorization")).toBe(`Bearer ${"t".repeat(32)}`);
  });

  it("sends no authorization header without a token, and hands back the error body", async () => {
    const { fetch, requests } = recordingFetch(401, { error: "Unauthorized", message: "missing token" });
    const admin = createAdminClient({ baseUrl: "http://127.0.0.1:4080", fetch });
    const { data, error, response } = await admin.GET("/api/images");
    expect(data).toBeUndefined();
    expect(response.status).toBe(401);
    expect(error).toEqual({ error: "Unauthorized", message: "missing token" });
    expect(requests[0]?.headers.has("authorization")).toBe(false);
  });
});
