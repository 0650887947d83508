import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { GENERATED_DIR, renderClientFiles } from "./client-files.ts";

/** `npm run generate:client`: rewrites the OpenAPI document and the client's types. */
async function main(): Promise<void> {
  mkdirSync(GENERATED_DIR, { recursive: true });
  for (const file of await renderClientFiles()) {
    const path = join(GENERATED_DIR, file.name);
    writeFileSync(path, file.text);
    console.log(`wrote ${relative(process.cwd(), path)}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
