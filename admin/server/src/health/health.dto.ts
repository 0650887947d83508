import { createZodDto } from "nestjs-zod";
import { z } from "zod";
import { TARGETS } from "../../../../infra/targets.ts";

export const healthSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  target: z.enum(TARGETS),
  region: z.string(),
  /** The emulator's or LocalStack's URL; null on AWS. */
  endpoint: z.string().nullable(),
  stack: z.object({
    apiUrl: z.string(),
    uploadsBucket: z.string(),
    mediaBucket: z.string(),
    imagesTable: z.string(),
    processorFunction: z.string(),
    apiFunction: z.string(),
    logGroups: z.object({ processor: z.string(), api: z.string() }),
    alarmPrefix: z.string(),
    topicNames: z.record(z.string(), z.string()),
  }),
  resources: z.array(
    z.object({
      kind: z.enum(["bucket", "table", "function"]),
      name: z.string(),
      answers: z.boolean(),
      error: z.string().optional(),
    }),
  ),
  /** null on AWS, where there is no emulator. */
  emulator: z
    .object({
      url: z.string(),
      reachable: z.boolean(),
      health: z.record(z.string(), z.unknown()).optional(),
      error: z.string().optional(),
    })
    .nullable(),
});
export class HealthDto extends createZodDto(healthSchema) {}
export type Health = z.infer<typeof healthSchema>;
