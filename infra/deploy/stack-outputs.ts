import { z } from "zod";
import { ALERT_TOPICS } from "../alerts.ts";

/** What main.ts's TerraformOutputs give a deployed stack: the names everything else needs. */
export const stackOutputsSchema = z.object({
  api_url: z.url(),
  uploads_bucket: z.string().min(3),
  media_bucket: z.string().min(3),
  images_table: z.string().min(3),
  processor_function: z.string().min(1),
  api_function: z.string().min(1),
  cdn_url: z.url().optional(),
  /**
   * For the admin backend. Optional: a stack deployed before they existed has none (its names
   * are then derived from the settings), and alert topics exist only with monitoring.
   */
  name_prefix: z.string().min(1).optional(),
  region: z.string().min(1).optional(),
  max_upload_bytes: z.number().int().positive().optional(),
  log_groups: z.object({ processor: z.string().min(1), api: z.string().min(1) }).optional(),
  alert_topic_arns: z.record(z.enum(ALERT_TOPICS), z.string().startsWith("arn:")).optional(),
});
export type StackOutputs = z.infer<typeof stackOutputsSchema>;

/** `terraform output -json` prints `{ name: { value, type, sensitive } }`. */
const outputJsonSchema = z.record(z.string(), z.object({ value: z.unknown() }));

/**
 * The outputs' values from either `terraform output -json` as printed (each wrapped in
 * `{value, type, sensitive}`) or already unwrapped (`{name: value}`); anything else unchanged,
 * for the schema to reject.
 */
export function outputValues(json: unknown): unknown {
  const wrapped = outputJsonSchema.safeParse(json);
  if (!wrapped.success || Object.keys(wrapped.data).length === 0) return json;
  return Object.fromEntries(Object.entries(wrapped.data).map(([name, output]) => [name, output.value]));
}

export function parseOutputJson(stdout: string): StackOutputs {
  const raw = outputJsonSchema.parse(JSON.parse(stdout));
  const parsed = stackOutputsSchema.safeParse(outputValues(raw));
  if (!parsed.success) {
    throw new Error(`the stack's outputs are not what main.ts declares:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
