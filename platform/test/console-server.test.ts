import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveStaticConsole } from "../console-server.ts";

function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}

/** A raw GET, so paths reach the server exactly as written (fetch would normalise `..`). */
function rawGet(
  port: number,
  path: string,
  method = "GET",
): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, body, type: String(res.headers["content-type"]) }),
      );
    });
    req.once("error", reject);
    req.end();
  });
}

describe("the console's static server", () => {
  let work: string;
  let site: Server;
  let backend: Server;
  const seen: { host?: string; url?: string }[] = [];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "darkroom-console-server-"));
    const build = join(work, "build");
    await mkdir(join(build, "_app", "immutable"), { recursive: true });
    await writeFile(join(build, "index.html"), "<title>app</title>");
    await writeFile(join(build, "_app", "immutable", "start.abc.js"), "export {};");
    // A sibling whose name starts like the build folder: a prefix check alone would serve it.
    await mkdir(join(work, "build-secret"));
    await writeFile(join(work, "build-secret", "key.txt"), "secret");
    backend = createServer((req, res) => {
      seen.push({ host: req.headers.host, url: req.url });
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("data: one\n\n");
      res.end("data: two\n\n");
    });
    await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
    site = await serveStaticConsole({
      buildDir: build,
      apiOrigin: `http://127.0.0.1:${portOf(backend)}`,
      host: "127.0.0.1",
      port: 0,
    });
  });
  afterAll(async () => {
    site?.closeAllConnections();
    backend?.closeAllConnections();
    await Promise.all([
      new Promise((resolve) => site?.close(resolve)),
      new Promise((resolve) => backend?.close(resolve)),
    ]);
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("serves files, immutable assets cached for a year, and the app for any other path", async () => {
    const asset = await fetch(`http://127.0.0.1:${portOf(site)}/_app/immutable/start.abc.js`);
    expect(asset.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const route = await fetch(`http://127.0.0.1:${portOf(site)}/images/01ABC?status=FAILED`);
    expect(route.status).toBe(200);
    expect(route.headers.get("cache-control")).toBe("no-cache");
    expect(await route.text()).toBe("<title>app</title>");
  });

  it("never serves a file outside the build, and answers malformed paths and writes plainly", async () => {
    const port = portOf(site);
    // Dot segments are resolved by the URL parser: these ask for a missing file in the build.
    for (const path of ["/../build-secret/key.txt", "/%2e%2e/build-secret/key.txt"]) {
      expect(await rawGet(port, path)).toMatchObject({ status: 200, body: "<title>app</title>" });
    }
    // An encoded slash survives the parser and would climb out after decoding.
    const climbing = await rawGet(port, "/..%2Fbuild-secret%2Fkey.txt");
    expect(climbing.status).toBe(400);
    expect(climbing.body).not.toContain("secret");
    expect((await rawGet(port, "/%E0%A4%A")).status).toBe(400);
    const post = await rawGet(port, "/index.html", "POST");
    expect(post.status).toBe(405);
    const head = await rawGet(port, "/index.html", "HEAD");
    expect(head).toMatchObject({ status: 200, body: "" });
  });

  it("passes /api to the backend with the backend's own Host, streaming, and says when it is down", async () => {
    const answer = await fetch(`http://127.0.0.1:${portOf(site)}/api/events?x=1`);
    expect(answer.headers.get("content-type")).toBe("text/event-stream");
    expect(await answer.text()).toBe("data: one\n\ndata: two\n\n");
    expect(seen.at(-1)).toEqual({ host: `127.0.0.1:${portOf(backend)}`, url: "/api/events?x=1" });

    backend.closeAllConnections();
    await new Promise((resolve) => backend.close(resolve));
    const down = await fetch(`http://127.0.0.1:${portOf(site)}/api/health`);
    expect(down.status).toBe(502);
    expect(await down.json()).toEqual({
      error: "BadGateway",
      message: "the admin backend is not answering",
    });
  });
});
