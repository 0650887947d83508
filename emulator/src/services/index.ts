import type { EmulatorRuntime } from "../gateway/context.ts";
import { healthRoute } from "../gateway/health.ts";
import type { InternalRoute } from "../gateway/internal-routes.ts";
import type { Service } from "../gateway/service.ts";
import { createCloudWatchService } from "./cloudwatch/index.ts";
import { createDynamoDbService } from "./dynamodb/index.ts";
import { createIamService } from "./iam/index.ts";
import { createLambdaService } from "./lambda/index.ts";
import { roleCredentials } from "./lambda/invocation.ts";
import { ExecutionEnvironments } from "./lambda/runtime/index.ts";
import { s3NotificationTarget } from "./lambda/s3-notification-target.ts";
import { createLogsService } from "./logs/index.ts";
import { createRekognitionService } from "./rekognition/index.ts";
import { S3Service } from "./s3/index.ts";
import { createSnsService } from "./sns/index.ts";
import { createStsService } from "./sts/index.ts";

export interface EmulatorServices {
  all: Service[];
  /** S3 answers when nothing else matches, as on LocalStack. */
  fallback: Service;
  /** Endpoints outside the AWS APIs (health, function URLs...), tried in order before service detection. */
  internalRoutes: InternalRoute[];
  /** Lambda's worker processes, for inspection. */
  environments: ExecutionEnvironments;
  /** Stops background work (queued invocations, sweeps) and kills the worker processes. */
  close(): Promise<void>;
}

/** Every service the emulator runs, wired to each other in-process. */
export function createServices(runtime: EmulatorRuntime): EmulatorServices {
  const logs = createLogsService(runtime);
  const environments = new ExecutionEnvironments({
    logs: logs.sink,
    metrics: runtime.metrics,
    credentialsFor: async (fn) => roleCredentials(runtime.store, fn),
    endpointUrl: runtime.url,
  });
  const lambda = createLambdaService(runtime, environments);
  // S3 notifies Lambda through a small port: it checks permissions and queues Event invocations.
  const s3 = new S3Service(runtime.store, {
    events: runtime.events,
    notifications: { lambda: s3NotificationTarget(runtime.store, runtime.events, lambda.queue) },
  });
  const sns = createSnsService(runtime, { lambdaQueue: lambda.queue });
  const cloudwatch = createCloudWatchService(runtime, { sns: sns.publisher, lambdaQueue: lambda.queue });
  const rekognition = createRekognitionService(runtime);
  const all = [
    s3,
    createStsService(),
    createIamService(),
    createDynamoDbService(runtime),
    lambda.service,
    logs.service,
    sns.service,
    cloudwatch.service,
    rekognition.service,
  ];
  return {
    all,
    fallback: s3,
    internalRoutes: [healthRoute(all, runtime), ...lambda.routes, ...sns.routes, ...cloudwatch.routes],
    environments,
    close: async () => {
      cloudwatch.close();
      sns.close();
      lambda.queue?.stop();
      logs.stopRetentionSweep();
      await environments.shutdown();
      await rekognition.close();
    },
  };
}
