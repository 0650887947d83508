import { createRequire } from "node:module";

/**
 * Runs s3rver in its own process for the benchmark: `S3RVER_PORT`, `S3RVER_DIR`.
 * Prints `S3RVER_READY <url>` once listening; exits on SIGTERM.
 */

interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;
interface AccountModule {
  DUMMY_ACCOUNT: { createKeyPair(accessKeyId: string, secretAccessKey: string): void };
}

const require = createRequire(import.meta.url);
const S3rver = require("s3rver") as S3rverClass;
const accounts = require("s3rver/lib/models/account") as AccountModule;

// s3rver only knows S3RVER:S3RVER; the benchmark signs every target with test:test.
accounts.DUMMY_ACCOUNT.createKeyPair("test", "test");

const server = new S3rver({
  address: "127.0.0.1",
  port: Number(process.env.S3RVER_PORT ?? "0"),
  directory: process.env.S3RVER_DIR,
  silent: true,
  vhostBuckets: false,
});
const { port } = await server.run();
process.stdout.write(`S3RVER_READY http://127.0.0.1:${port}\n`);
process.on("SIGTERM", () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
