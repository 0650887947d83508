import { createServer } from "node:net";

/** A port `npm start` needs, and the setting that chooses it. */
export interface NeededPort {
  port: number;
  host: string;
  setting: string;
  what: string;
}

/** Resolves if the port can be bound; otherwise rejects with what to do about it. */
export function assertPortFree(needed: NeededPort): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === "EADDRINUSE"
          ? "is already in use (another Darkroom, LocalStack, or something else?)"
          : `cannot be used (${error.code ?? error.message})`;
      reject(
        new Error(
          `port ${needed.port} on ${needed.host} for ${needed.what} ${reason}: stop what holds it, or set ${needed.setting} to a free port`,
        ),
      );
    });
    server.listen({ port: needed.port, host: needed.host, exclusive: true }, () =>
      server.close(() => resolve()),
    );
  });
}

/** A port free on 127.0.0.1 right now, for a server about to start (tests, benches). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no free port")),
      );
    });
    server.once("error", reject);
  });
}
