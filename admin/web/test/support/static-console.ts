import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { extname, join, normalize } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
};

export interface StaticConsoleOptions {
  /** adapter-static's output: admin/web/build. */
  buildDir: string;
  /** Where /api goes, e.g. http://127.0.0.1:4080. */
  apiOrigin: string;
  host: string;
  port: number;
}

/**
 * The console as any static host serves it: files from the build, index.html for every other
 * path (the SPA fallback), and /api passed through to the backend with its own Host (as Vite's
 * proxy does), streamed so the SSE stream works.
 */
export async function serveStaticConsole(options: StaticConsoleOptions): Promise<Server> {
  const api = new URL(options.apiOrigin);
  const server = createServer((req, res) => {
    if (req.url?.startsWith("/api/") || req.url === "/api") proxy(req, res, api);
    else void serveFile(req, res, options.buildDir);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, resolve);
  });
  return server;
}

function proxy(req: IncomingMessage, res: ServerResponse, api: URL): void {
  const upstream = httpRequest(
    {
      host: api.hostname,
      port: api.port,
      path: req.url,
      method: req.method,
      headers: { ...req.headers, host: api.host },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on("error", () => {
    if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: "BadGateway", message: "the admin backend is not answering" }));
  });
  req.pipe(upstream);
}

async function serveFile(req: IncomingMessage, res: ServerResponse, root: string): Promise<void> {
  const path = decodeURIComponent(new URL(req.url ?? "/", "http://console").pathname);
  const candidate = normalize(join(root, path));
  const inside = candidate.startsWith(root) ? candidate : join(root, "index.html");
  const file = (await isFile(inside)) ? inside : join(root, "index.html");
  const immutable = file.includes(`${join(root, "_app", "immutable")}`);
  res.writeHead(200, {
    "content-type": TYPES[extname(file)] ?? "application/octet-stream",
    "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
  });
  createReadStream(file).pipe(res);
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
