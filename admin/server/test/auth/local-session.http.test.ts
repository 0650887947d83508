import { request as httpRequest } from "node:http";
import type { INestApplication } from "@nestjs/common";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdminApp } from "../../src/app/create-app.ts";
import { loadAdminSettings } from "../../src/settings/admin-settings.ts";
import { CONSOLE_ORIGIN, fakeContext, TOKEN } from "../support/context.ts";

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { token?: string; error?: string; message?: string };
}

/** node:http rather than fetch: the test sets the Host header itself, as a rebound DNS name would. */
function get(port: number, path: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
      });
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

async function listening(host: string): Promise<{ app: INestApplication; port: number }> {
  const { context } = fakeContext();
  const settings = loadAdminSettings({
    DARKROOM_ADMIN_TOKEN: TOKEN,
    DARKROOM_API_PORT: "0",
    DARKROOM_API_HOST: host,
  });
  const app = await createAdminApp({ ...context, settings }, { logs: false, shutdownHooks: false });
  await app.listen(0, host);
  return { app, port: (app.getHttpServer().address() as { port: number }).port };
}

describe("GET /api/auth/local-session over HTTP", () => {
  let loopback: { app: INestApplication; port: number };
  let everywhere: { app: INestApplication; port: number };

  beforeAll(async () => {
    loopback = await listening("127.0.0.1");
    everywhere = await listening("0.0.0.0");
  });
  afterAll(async () => {
    await loopback?.app.close();
    await everywhere?.app.close();
  });

  it("hands a console on this machine the token, which then opens the API", async () => {
    const { port } = loopback;
    const viaProxy = await get(port, "/api/auth/local-session", { host: `127.0.0.1:${port}` });
    expect(viaProxy.status).toBe(200);
    expect(viaProxy.body).toEqual({ token: TOKEN });
    expect(viaProxy.headers["cache-control"]).toBe("no-store");

    const direct = await get(port, "/api/auth/local-session", {
      host: `localhost:${port}`,
      origin: CONSOLE_ORIGIN,
      "sec-fetch-site": "same-site",
    });
    expect(direct.status).toBe(200);
    expect(direct.headers["access-control-allow-origin"]).toBe(CONSOLE_ORIGIN);

    const images = await get(port, "/api/images", {
      host: `127.0.0.1:${port}`,
      authorization: `Bearer ${direct.body.token}`,
    });
    expect(images.status).toBe(200);
  });

  it("answers 403 with the reason to a rebound name, a foreign origin or a cross-site fetch", async () => {
    const { port } = loopback;
    const cases: [Record<string, string>, RegExp][] = [
      [{ host: `rebind.example:${port}` }, /^the Host header must be one of localhost:\d+/],
      [{ host: `127.0.0.1:${port}`, origin: "http://evil.example" }, /^the origin http:\/\/evil\.example/],
      [{ host: `127.0.0.1:${port}`, "sec-fetch-site": "cross-site" }, /^another site asked/],
    ];
    for (const [headers, reason] of cases) {
      const answer = await get(port, "/api/auth/local-session", headers);
      expect(answer.status, JSON.stringify(headers)).toBe(403);
      expect(answer.body.error).toBe("Forbidden");
      expect(answer.body.message).toMatch(reason);
      expect(answer.body.token).toBeUndefined();
    }
  });

  it("answers 403 even to loopback when the backend listens on every interface", async () => {
    const { port } = everywhere;
    const answer = await get(port, "/api/auth/local-session", { host: `127.0.0.1:${port}` });
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({
      error: "Forbidden",
      message:
        "the backend listens on 0.0.0.0, not only on this machine (DARKROOM_API_HOST), so it never hands out its token; sign in with DARKROOM_ADMIN_TOKEN instead",
    });
  });
});
