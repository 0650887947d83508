import type { EmulatorRuntime } from "../../gateway/context.ts";
import { RpcService, type Service } from "../../gateway/service.ts";
import { JsonCodec } from "../../protocol/json.ts";
import { LogsBackend } from "./backend.ts";
import { LogsIngest } from "./ingest.ts";
import type { LogSink } from "./log-sink.ts";
import { logsProvider } from "./provider.ts";
import { ensureRetentionSweep, stopRetentionSweep } from "./retention.ts";
import { logsSchemas } from "./schemas.ts";

export type { LogLine, LogSink, LogTarget } from "./log-sink.ts";

export interface LogsService {
  service: Service;
  /** For other services (Lambda) to write log lines in-process. */
  sink: LogSink;
  /** Stops the background retention sweep (its timer never keeps the process alive anyway). */
  stopRetentionSweep: () => void;
}

/** CloudWatch Logs (AWS JSON 1.1, X-Amz-Target Logs_20140328.*) and its in-process sink. */
export function createLogsService(runtime: EmulatorRuntime): LogsService {
  const backend = LogsBackend.for(runtime);
  const service = new RpcService({
    name: "logs",
    detection: { signingNames: ["logs"], targetPrefixes: ["Logs_20140328"] },
    codec: new JsonCodec("1.1", "Logs_20140328", "com.amazonaws.cloudwatchlogs"),
    schemas: logsSchemas,
    provider: logsProvider(backend),
    validationCode: "InvalidParameterException",
  });
  ensureRetentionSweep(backend);
  return { service, sink: new LogsIngest(backend), stopRetentionSweep: () => stopRetentionSweep(backend) };
}
