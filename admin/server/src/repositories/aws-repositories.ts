import type { Repositories } from "../app/admin-context.ts";
import type { AdminSettings } from "../settings/admin-settings.ts";
import type { StackResources } from "../settings/stack-resources.ts";
import type { AwsClients } from "./aws-clients.ts";
import { AwsPlatformStatus } from "./aws-platform-status.ts";
import { AwsUsageSources } from "./aws-usage-sources.ts";
import { CloudWatchAlarms } from "./cloudwatch-alarms.ts";
import { CloudWatchFunctionLogs } from "./cloudwatch-function-logs.ts";
import { CloudWatchMetricData } from "./cloudwatch-metric-data.ts";
import { DynamoImageTable } from "./dynamodb-image-table.ts";
import { EmulatorAlertInbox } from "./emulator-alert-inbox.ts";
import { FunctionUrlUploadApi, reachableFunctionUrl } from "./function-url-upload-api.ts";
import { LambdaProcessorInvoker } from "./lambda-processor-invoker.ts";
import { S3ObjectStore } from "./s3-object-store.ts";

/** The repositories of the active target, over its clients and the deployed stack's names. */
export function awsRepositories(
  settings: AdminSettings,
  stack: StackResources,
  clients: AwsClients,
): Repositories {
  return {
    imageTable: new DynamoImageTable(stack.imagesTable, clients.dynamodb),
    objectStore: new S3ObjectStore({ uploads: stack.uploadsBucket, media: stack.mediaBucket }, clients.s3),
    functionLogs: new CloudWatchFunctionLogs(clients.logs),
    processor: new LambdaProcessorInvoker(
      {
        functionName: stack.processorFunction,
        uploadsBucket: stack.uploadsBucket,
        region: settings.endpoint.region,
      },
      clients.lambda,
    ),
    uploadApi: new FunctionUrlUploadApi(reachableFunctionUrl(stack.apiUrl, settings.endpoint.endpoint)),
    platformStatus: new AwsPlatformStatus(stack, clients),
    alarms: new CloudWatchAlarms(clients.cloudwatch),
    // Only the emulator keeps what SNS delivers (its inbox); AWS and LocalStack do not.
    alertInbox:
      settings.target === "local" && settings.endpoint.endpoint !== undefined
        ? new EmulatorAlertInbox(settings.endpoint.endpoint, Object.values(stack.topicNames))
        : null,
    metricData: new CloudWatchMetricData(clients.cloudwatch),
    usageSources: new AwsUsageSources(clients),
  };
}
