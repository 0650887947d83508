import { z } from "zod";
import { integer, tags, text } from "../../protocol/query-fields.ts";

/** STS operations the emulator implements, with their inputs as the query protocol delivers them. */
export const stsSchemas = {
  GetCallerIdentity: z.object({}),
  AssumeRole: z.object({
    RoleArn: text({ min: 20, max: 2048 }),
    RoleSessionName: text({ min: 2, max: 64, pattern: "[\\w+=,.@-]*" }),
    DurationSeconds: integer(900, 43200).optional(),
    Policy: text({ min: 1, max: 2048 }).optional(),
    ExternalId: text({ min: 2, max: 1224, pattern: "[\\w+=,.@:\\/-]*" }).optional(),
    Tags: tags.optional(),
  }),
  GetSessionToken: z.object({
    DurationSeconds: integer(900, 129600).optional(),
  }),
} satisfies Record<string, z.ZodType>;

export type StsInput<K extends keyof typeof stsSchemas> = z.infer<(typeof stsSchemas)[K]>;
