import { CloudWatchLogsClient, type CloudWatchLogsClientConfig } from "@aws-sdk/client-cloudwatch-logs";
import { clientConfig, emulatorUrl } from "./clients.ts";

/** CloudWatch Logs against `endpoint` (the shared emulator by default); `options` override the defaults. */
export function logsClient(
  endpoint = emulatorUrl(),
  options: CloudWatchLogsClientConfig = {},
): CloudWatchLogsClient {
  return new CloudWatchLogsClient({ ...clientConfig(endpoint), ...options });
}
