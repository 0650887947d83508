import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The floor under any S3 server in Node: a bare node:http server that reads each request
 * body and answers PUT with an empty 200 and GET with a fixed 100 KiB body. No auth, no
 * checksums, no storage; the same SDK client accepts both answers. Prints `FLOOR_READY <url>`.
 */

const OBJECT = Buffer.alloc(100 * 1024, 7);

const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    if (req.method === "GET") {
      res.writeHead(200, { "content-length": String(OBJECT.length), etag: '"floor"' });
      res.end(OBJECT);
    } else {
      res.writeHead(200, { "content-length": "0", etag: '"floor"' });
      res.end();
    }
  });
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`FLOOR_READY http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.on("SIGTERM", () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
