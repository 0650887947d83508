import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { unzipSync } from "fflate";

/** Unpacks a zip into `dir`, as Lambda unpacks a deployment package into /var/task. */
export async function unzipTo(zip: Uint8Array, dir: string): Promise<void> {
  for (const [name, data] of Object.entries(unzipSync(zip))) {
    if (name.endsWith("/")) continue;
    const target = join(dir, name);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, data);
  }
}
