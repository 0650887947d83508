import { z } from "zod";

/** What `npm start`'s ready block names, read back as a user reads it (see the README). */
export const readyBlockSchema = z.object({
  consoleUrl: z.url(),
  emulatorUrl: z.url(),
  /** The admin API's origin; its paths start with /api. */
  adminUrl: z.url(),
  token: z.string().regex(/^[0-9a-f]{64}$/),
  /** The public API's function URL in the emulator's path form (no *.localhost resolution needed). */
  apiUrl: z.url(),
  uploadsBucket: z.string().min(3),
  mediaBucket: z.string().min(3),
  imagesTable: z.string().min(3),
});
export type ReadyBlock = z.infer<typeof readyBlockSchema>;

const LINES = {
  consoleUrl: /^ {2}console {4}(http:\/\/\S+?)\/? {2}/m,
  emulatorUrl: /^ {2}emulator {3}(http:\/\/\S+) {2}/m,
  admin: /^ {2}admin API {2}(http:\/\/\S+)\/api {2}\(token ([0-9a-f]{64}), kept in \S+\)$/m,
  apiUrl: /^ +(http:\/\/\S+\/_lambda-url\/\S+\/) {2}\(the same, for curl\)$/m,
  storage: /^ {2}buckets {4}(\S+), (\S+); table (\S+)$/m,
};

/** The text after the last "Darkroom ready" line's start, or undefined before it is printed. */
export function lastReadyBlock(output: string): string | undefined {
  const at = output.lastIndexOf("\nDarkroom ready in ");
  if (at < 0) return output.startsWith("Darkroom ready in ") ? output : undefined;
  return output.slice(at + 1);
}

/** The URLs, token and names of a complete ready block (its last line is the Ctrl-C hint). */
export function parseReadyBlock(block: string): ReadyBlock | undefined {
  if (!block.includes("Ctrl-C stops everything")) return undefined;
  const admin = LINES.admin.exec(block);
  const storage = LINES.storage.exec(block);
  return readyBlockSchema.parse({
    consoleUrl: LINES.consoleUrl.exec(block)?.[1],
    emulatorUrl: LINES.emulatorUrl.exec(block)?.[1],
    adminUrl: admin?.[1],
    token: admin?.[2],
    apiUrl: LINES.apiUrl.exec(block)?.[1],
    uploadsBucket: storage?.[1],
    mediaBucket: storage?.[2],
    imagesTable: storage?.[3],
  });
}
