/**
 * Injection tokens. Every constructor dependency is injected by an explicit token: the repo
 * compiles TypeScript with esbuild (tsx) and oxc (vitest), which emit no `design:paramtypes`,
 * so Nest cannot infer constructor types. Interfaces (the repositories) need tokens anyway.
 */
export const ADMIN_SETTINGS = Symbol("AdminSettings");
export const STACK_RESOURCES = Symbol("StackResources");
export const AWS_CLIENTS = Symbol("AwsClients");
export const IMAGE_TABLE = Symbol("ImageTable");
export const OBJECT_STORE = Symbol("ObjectStore");
export const FUNCTION_LOGS = Symbol("FunctionLogs");
export const PROCESSOR_INVOKER = Symbol("ProcessorInvoker");
export const UPLOAD_API = Symbol("UploadApi");
export const PLATFORM_STATUS = Symbol("PlatformStatus");
export const HTTP_METRICS = Symbol("HttpMetrics");
export const ALARMS = Symbol("Alarms");
export const ALERT_INBOX = Symbol("AlertInbox");
export const METRIC_DATA = Symbol("MetricData");
export const USAGE_SOURCES = Symbol("UsageSources");
