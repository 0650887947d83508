import { createZodDto } from "nestjs-zod";
import { z } from "zod";

export const localSessionSchema = z.object({
  /** DARKROOM_ADMIN_TOKEN, for the console on this machine to send as its bearer token. */
  token: z.string(),
});
export class LocalSessionDto extends createZodDto(localSessionSchema) {}
export type LocalSession = z.infer<typeof localSessionSchema>;
