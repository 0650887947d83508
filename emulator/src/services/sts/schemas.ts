import { z } from "zod";

const tag = z.object({ Key: z.string().min(1).max(128), Value: z.string().max(256) });

/** STS operations the emulator implements, with their inputs as the query protocol delivers them. */
export const stsSchemas = {
  GetCallerIdentity: z.object({}),
  AssumeRole: z.object({
    RoleArn: z.string().min(20).max(2048),
    RoleSessionName: z
      .string()
      .min(2)
      .max(64)
      .regex(/^[\w+=,.@-]*$/, "Member must satisfy regular expression pattern: [\\w+=,.@-]*"),
    DurationSeconds: z.coerce.number().int().min(900).max(43200).optional(),
    Policy: z.string().max(2048).optional(),
    ExternalId: z.string().min(2).max(1224).optional(),
    Tags: z.array(tag).max(50).optional(),
  }),
  GetSessionToken: z.object({
    DurationSeconds: z.coerce.number().int().min(900).max(129600).optional(),
  }),
} satisfies Record<string, z.ZodType>;

export type StsInput<K extends keyof typeof stsSchemas> = z.infer<(typeof stsSchemas)[K]>;
