import type { EmulatorRuntime } from "../../gateway/context.ts";
import type { InternalRoute } from "../../gateway/internal-routes.ts";
import { RpcService, type Service } from "../../gateway/service.ts";
import { QueryCompatibleCodec } from "../../protocol/query-compatible.ts";
import type { AsyncInvocationQueue } from "../lambda/async-queue.ts";
import type { SnsPublisher } from "../sns/index.ts";
import { alarmSchemas, createAlarms } from "./alarms/operations.ts";
import { metricOperations, metricReader, metricSchemas, stopMetricExpiry } from "./metrics/operations.ts";

export interface CloudWatchDependencies {
  /** Alarm actions that name SNS topics publish through this. */
  sns: SnsPublisher;
  /** Alarm actions that name Lambda functions queue Event invocations here. */
  lambdaQueue: AsyncInvocationQueue | undefined;
}

export interface CloudWatchService {
  service: Service;
  /** Darkroom's own endpoints, e.g. POST /_darkroom/cloudwatch/evaluate. */
  routes: InternalRoute[];
  /** Stops the alarm evaluation schedule. */
  close(): void;
}

/**
 * CloudWatch (metrics, alarms, dashboards): awsQueryCompatible, so one provider answers
 * the query protocol (Terraform), awsJson1_0 (JS SDK v3) and rpc-v2-cbor (botocore).
 */
export function createCloudWatchService(
  runtime: EmulatorRuntime,
  deps: CloudWatchDependencies,
): CloudWatchService {
  const alarms = createAlarms({ runtime, metrics: metricReader(runtime), ...deps });
  const service = new RpcService({
    name: "cloudwatch",
    detection: {
      signingNames: ["monitoring"],
      targetPrefixes: ["GraniteServiceVersion20100801"],
      cborServices: ["GraniteServiceVersion20100801"],
      queryVersions: ["2010-08-01"],
    },
    codec: new QueryCompatibleCodec({
      xmlNamespace: "http://monitoring.amazonaws.com/doc/2010-08-01/",
      smithyService: "GraniteServiceVersion20100801",
      errorNamespace: "com.amazonaws.cloudwatch",
      json: true,
      cbor: true,
    }),
    schemas: { ...metricSchemas, ...alarmSchemas },
    provider: { ...metricOperations(runtime), ...alarms.operations },
  });
  return {
    service,
    routes: alarms.routes,
    close: () => {
      alarms.close();
      stopMetricExpiry(runtime);
    },
  };
}
