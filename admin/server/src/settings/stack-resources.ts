import { z } from "zod";
import { ALERT_TOPICS, type AlertTopic } from "../../../../infra/alerts.ts";
import type { InfraConfig } from "../../../../infra/config.ts";
import { readDeployedMarker } from "../../../../infra/deploy/deployed-marker.ts";
import {
  outputValues,
  type StackOutputs,
  stackOutputsSchema,
} from "../../../../infra/deploy/stack-outputs.ts";
import { localStateDirs } from "../../../../infra/state-backend.ts";
import { stackName } from "../../../../main.ts";
import type { AdminSettings } from "./admin-settings.ts";

/**
 * The deployed stack's resources, in one place for every repository. The names Terraform
 * outputs come from the outputs (log groups, the stack's name prefix and topic ARNs too, on
 * stacks deployed since main.ts outputs them); the rest follow from them and the name prefix
 * exactly as the infrastructure names them (node-function.ts: `/aws/lambda/<function>`,
 * monitoring.ts: `<prefix>-<alarm>`, alerts.ts: `<prefix>-<topic>-alerts`).
 */
export interface StackResources {
  apiUrl: string;
  uploadsBucket: string;
  mediaBucket: string;
  imagesTable: string;
  processorFunction: string;
  apiFunction: string;
  logGroups: { processor: string; api: string };
  alarmPrefix: string;
  topicNames: Record<AlertTopic, string>;
  /** The topics' ARNs when the stack has monitoring and says them (the account is in them). */
  topicArns: Record<AlertTopic, string> | undefined;
  cdnUrl: string | undefined;
  /** What the API's presigned POST policy admits (the stack's when it says, else the settings'). */
  maxUploadBytes: number;
}

export function stackResources(
  outputs: StackOutputs,
  settings: Pick<InfraConfig, "namePrefix" | "maxUploadBytes">,
): StackResources {
  // The stack's own prefix when it says it: the backend's DARKROOM_NAME_PREFIX may differ.
  const namePrefix = outputs.name_prefix ?? settings.namePrefix;
  return {
    apiUrl: outputs.api_url,
    uploadsBucket: outputs.uploads_bucket,
    mediaBucket: outputs.media_bucket,
    imagesTable: outputs.images_table,
    processorFunction: outputs.processor_function,
    apiFunction: outputs.api_function,
    logGroups: outputs.log_groups ?? {
      processor: `/aws/lambda/${outputs.processor_function}`,
      api: `/aws/lambda/${outputs.api_function}`,
    },
    alarmPrefix: `${namePrefix}-`,
    topicNames: Object.fromEntries(ALERT_TOPICS.map((t) => [t, `${namePrefix}-${t}-alerts`])) as Record<
      AlertTopic,
      string
    >,
    topicArns: outputs.alert_topic_arns,
    cdnUrl: outputs.cdn_url,
    maxUploadBytes: outputs.max_upload_bytes ?? settings.maxUploadBytes,
  };
}

/**
 * The outputs: DARKROOM_STACK_OUTPUTS when given (the `aws` target: `terraform output -json`
 * as printed, or its values), otherwise what the last local deploy recorded beside its state.
 */
export function readStackOutputs(
  settings: Pick<AdminSettings, "target" | "stackOutputsJson">,
  env: NodeJS.ProcessEnv = process.env,
): StackOutputs {
  if (settings.stackOutputsJson !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(settings.stackOutputsJson);
    } catch {
      throw new Error("DARKROOM_STACK_OUTPUTS is not JSON: give the outputs as {api_url, images_table, ...}");
    }
    const parsed = stackOutputsSchema.safeParse(outputValues(json));
    if (!parsed.success) throw new Error(`DARKROOM_STACK_OUTPUTS:\n${z.prettifyError(parsed.error)}`);
    return parsed.data;
  }
  if (settings.target === "aws") {
    throw new Error(
      "DARKROOM_STACK_OUTPUTS is not set: on the aws target give the stack's outputs (terraform output -json values)",
    );
  }
  const stateDir = localStateDirs(env)[settings.target];
  const marker = readDeployedMarker(stateDir, stackName(settings.target));
  if (marker === undefined) {
    throw new Error(
      `no deployed ${settings.target} stack recorded in ${stateDir}: run npm start (or npm run deploy) first`,
    );
  }
  return marker.outputs;
}
