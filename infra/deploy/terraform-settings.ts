import { join } from "node:path";
import {
  describeProviderSource,
  providerSource,
  writeMirrorCliConfig,
} from "../terraform/provider-mirror.ts";

/**
 * The environment every terraform command of a deploy runs with, and the line that tells the
 * user where the AWS provider comes from. A mirror becomes a CLI config in the stack's folder
 * (generated, like the JSON beside it), so init, plan and apply agree.
 */
export function terraformEnvironment(
  stackDir: string,
  env: NodeJS.ProcessEnv,
): { env: Record<string, string>; description: string } {
  const source = providerSource(env);
  const description = describeProviderSource(source);
  switch (source.kind) {
    case "plugin-dir":
      return {
        env: { TF_CLI_CONFIG_FILE: writeMirrorCliConfig(source.dir, join(stackDir, ".terraform-cli")) },
        description,
      };
    case "cli-config":
      return { env: { TF_CLI_CONFIG_FILE: source.file }, description };
    case "registry":
      return { env: {}, description };
  }
}
