import { z } from "zod";

/**
 * The parts of Terraform's machine-readable UI (`plan -json`, `apply -json`, `destroy -json`)
 * that deploys report: progress per resource, the change summary, outputs and diagnostics.
 */
const diagnostic = z.object({
  severity: z.string(),
  summary: z.string(),
  detail: z.string().optional(),
  address: z.string().optional(),
});
const hook = z.object({
  resource: z.object({ addr: z.string() }).optional(),
  action: z.string().optional(),
  elapsed_seconds: z.number().optional(),
});
const event = z.object({
  type: z.string(),
  "@message": z.string().optional(),
  diagnostic: diagnostic.optional(),
  changes: z
    .object({ add: z.number(), change: z.number(), remove: z.number(), operation: z.string() })
    .optional(),
  hook: hook.optional(),
  change: z.object({ resource: z.object({ addr: z.string() }), action: z.string() }).optional(),
  outputs: z
    .record(z.string(), z.object({ value: z.unknown().optional(), sensitive: z.boolean() }))
    .optional(),
});

export type TerraformEvent = z.infer<typeof event>;
export type TerraformDiagnostic = z.infer<typeof diagnostic>;

/** One line of `-json` output, or undefined for anything else (Terraform may print plain text). */
export function parseTerraformEvent(line: string): TerraformEvent | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    const parsed = event.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The errors in a finished run's stdout, each as "summary: detail (address)". */
export function errorsIn(stdout: string): string[] {
  return stdout
    .split("\n")
    .map(parseTerraformEvent)
    .flatMap((e) => (e?.diagnostic?.severity === "error" ? [formatDiagnostic(e.diagnostic)] : []));
}

export function formatDiagnostic(d: TerraformDiagnostic): string {
  const where = d.address ? ` (${d.address})` : "";
  const detail = d.detail ? `: ${d.detail.trim()}` : "";
  return `${d.summary}${where}${detail}`;
}
