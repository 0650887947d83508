import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { extname, join, normalize, sep } from "node:path";

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
    else if (req.method !== "GET" && req.method !== "HEAD")
      refuse(res, 405, "only GET and HEAD outside /api");
    else
      serveFile(req, res, options.buildDir).catch(() => {
        if (!res.headersSent) refuse(res, 500, "the console's file could not be read");
        else res.destroy();
      });
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

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
  res.end(`${message}\n`);
}

/** The request's path as a file under root; undefined for a malformed or escaping one. */
function fileFor(url: string | undefined, root: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url ?? "/", "http://console").pathname);
  } catch {
    return undefined;
  }
  const candidate = normalize(join(root, path));
  return candidate === root || candidate.startsWith(root + sep) ? candidate : undefined;
}

async function serveFile(req: IncomingMessage, res: ServerResponse, root: string): Promise<void> {
  const candidate = fileFor(req.url, root);
  if (candidate === undefined) return refuse(res, 400, "malformed path");
  const file = (await isFile(candidate)) ? candidate : join(root, "index.html");
  const immutable = file.startsWith(join(root, "_app", "immutable") + sep);
  res.writeHead(200, {
    "content-type": TYPES[extname(file)] ?? "application/octet-stream",
    "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
  });
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.once("error", () => res.destroy());
  stream.pipe(res);
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
