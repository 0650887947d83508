import type { Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";

/**
 * Runs dynalite standalone in its own process for the benchmark, as its CLI does:
 * in memory, or in LevelDB under `DYNALITE_PATH` when set. Tables are ACTIVE at once.
 * Prints `DYNALITE_READY <url>` once listening; exits on SIGTERM.
 */

type Dynalite = (options: Record<string, unknown>) => Server;
const dynalite = createRequire(import.meta.url)("dynalite") as Dynalite;

const path = process.env.DYNALITE_PATH;
const server = dynalite({ ...(path ? { path } : {}), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`DYNALITE_READY http://127.0.0.1:${port}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
