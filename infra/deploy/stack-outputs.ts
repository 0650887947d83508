import { z } from "zod";

/** What main.ts's TerraformOutputs give a deployed stack: the names everything else needs. */
export const stackOutputsSchema = z.object({
  api_url: z.url(),
  uploads_bucket: z.string().min(3),
  media_bucket: z.string().min(3),
  images_table: z.string().min(3),
  processor_function: z.string().min(1),
  api_function: z.string().min(1),
  cdn_url: z.url().optional(),
});
export type StackOutputs = z.infer<typeof stackOutputsSchema>;

/** `terraform output -json` prints `{ name: { value, type, sensitive } }`. */
const outputJsonSchema = z.record(z.string(), z.object({ value: z.unknown() }));

export function parseOutputJson(stdout: string): StackOutputs {
  const raw = outputJsonSchema.parse(JSON.parse(stdout));
  const values = Object.fromEntries(Object.entries(raw).map(([name, output]) => [name, output.value]));
  const parsed = stackOutputsSchema.safeParse(values);
  if (!parsed.success) {
    throw new Error(`the stack's outputs are not what main.ts declares:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
