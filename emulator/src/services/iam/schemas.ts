import type { z } from "zod";

/** IAM operations the emulator implements, with their inputs as the query protocol delivers them. */
export const iamSchemas = {} satisfies Record<string, z.ZodType>;

export type IamInput<K extends keyof typeof iamSchemas> = z.infer<(typeof iamSchemas)[K]>;
