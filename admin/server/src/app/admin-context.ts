import type { Alarms } from "../repositories/alarms.repository.ts";
import type { AlertInbox } from "../repositories/alert-inbox.repository.ts";
import type { FunctionLogs } from "../repositories/function-logs.repository.ts";
import type { ImageTable } from "../repositories/image-table.repository.ts";
import type { MetricData } from "../repositories/metric-data.repository.ts";
import type { ObjectStore } from "../repositories/object-store.repository.ts";
import type { PlatformStatus } from "../repositories/platform-status.repository.ts";
import type { ProcessorInvoker } from "../repositories/processor-invoker.repository.ts";
import type { UploadApi } from "../repositories/upload-api.repository.ts";
import type { UsageSources } from "../repositories/usage-sources.repository.ts";
import type { AdminSettings } from "../settings/admin-settings.ts";
import type { StackResources } from "../settings/stack-resources.ts";

/** Every repository: the AWS boundary. Tests replace them; production makes them from the target's clients. */
export interface Repositories {
  imageTable: ImageTable;
  objectStore: ObjectStore;
  functionLogs: FunctionLogs;
  processor: ProcessorInvoker;
  uploadApi: UploadApi;
  platformStatus: PlatformStatus;
  alarms: Alarms;
  /** null where the target keeps no copy of what SNS delivers (aws, localstack). */
  alertInbox: AlertInbox | null;
  metricData: MetricData;
  usageSources: UsageSources;
}

/** What an app instance is built from: settings, the stack it serves, and its repositories. */
export interface AdminContext {
  settings: AdminSettings;
  stack: StackResources;
  repositories: Repositories;
}
