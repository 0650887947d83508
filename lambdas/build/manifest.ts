import { z } from "zod";

/**
 * lambdas/dist/manifest.json: what was built, for deployers and Terraform. `sha256` is the
 * zip's SHA-256 in base64, which is what Lambda reports as CodeSha256 and Terraform's
 * filebase64sha256() gives for source_code_hash.
 */
export const builtFunctionSchema = z.object({
  file: z.string(),
  sha256: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
  size: z.number().int().positive(),
  architecture: z.enum(["x86_64", "arm64"]),
  runtime: z.literal("nodejs22.x"),
  handler: z.string(),
  /** Native packages in the zip's node_modules, name → version. */
  nativePackages: z.record(z.string(), z.string()),
});
export type BuiltFunction = z.infer<typeof builtFunctionSchema>;

export const buildManifestSchema = z.record(z.string(), builtFunctionSchema);
export type BuildManifest = z.infer<typeof buildManifestSchema>;

export const MANIFEST_FILE = "manifest.json";
