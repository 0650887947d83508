import { createHash } from "node:crypto";
import { closeSync, fdatasyncSync, openSync, writeSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

/**
 * The floor under any S3 server in Node: a bare node:http server that reads each request
 * body and answers PUT with an empty 200 and GET with a fixed 100 KiB body. No auth, no
 * checksums, no storage; the same SDK client accepts both answers. Prints `FLOOR_READY <url>`.
 *
 * With FLOOR_DURABLE_DIR set it is the floor of a durable server instead: each PUT body's MD5
 * (the ETag every S3 server owes) is computed and the body is written into a log preallocated
 * with zeros and fdatasync'd before the answer, which is the least a server can do to keep
 * acknowledged bytes, and what this machine's disk charges for it.
 */

const OBJECT = Buffer.alloc(100 * 1024, 7);
const LOG_BYTES = 256 * 1024 * 1024;
const durableDir = process.env.FLOOR_DURABLE_DIR;
const log = durableDir ? openLog(join(durableDir, "floor.log")) : undefined;
let logAt = 0;

function openLog(path: string): number {
  const fd = openSync(path, "w+");
  const zeros = Buffer.alloc(4 * 1024 * 1024);
  for (let at = 0; at < LOG_BYTES; at += zeros.length) writeSync(fd, zeros, 0, zeros.length, at);
  fdatasyncSync(fd);
  return fd;
}

/** Appends the body to the log (wrapping around; nothing reads it back) and syncs it. */
function persist(body: Buffer): void {
  if (log === undefined) return;
  if (logAt + body.length > LOG_BYTES) logAt = 0;
  writeSync(log, body, 0, body.length, logAt);
  logAt += body.length;
  fdatasyncSync(log);
}

const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    if (req.method === "GET") {
      res.writeHead(200, { "content-length": String(OBJECT.length), etag: '"floor"' });
      res.end(OBJECT);
      return;
    }
    let etag = '"floor"';
    if (log !== undefined) {
      const body = Buffer.concat(chunks);
      etag = `"${createHash("md5").update(body).digest("hex")}"`;
      persist(body);
    }
    res.writeHead(200, { "content-length": "0", etag });
    res.end();
  });
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`FLOOR_READY http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.on("SIGTERM", () => {
  server.close(() => {
    if (log !== undefined) closeSync(log);
    process.exit(0);
  });
  server.closeAllConnections();
});
