import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GENERATED_DIR, renderClientFiles } from "../generator/client-files.ts";

function committed(name: string): string | undefined {
  try {
    return readFileSync(join(GENERATED_DIR, name), "utf8");
  } catch {
    return undefined;
  }
}

/** The committed client must be the one the backend's current controllers and DTOs generate. */
describe("the generated admin client", () => {
  it("matches the backend's OpenAPI document (otherwise: run npm run generate:client)", async () => {
    const files = await renderClientFiles();
    expect(files.map((f) => f.name).sort()).toEqual(["admin-api.ts", "openapi.json"]);
    const stale = files.filter((file) => committed(file.name) !== file.text).map((file) => file.name);
    expect(
      stale,
      `admin/client/src/generated/${stale.join(", ")} out of date (not what the backend's OpenAPI document generates): run npm run generate:client and commit the result`,
    ).toEqual([]);
  });
});
