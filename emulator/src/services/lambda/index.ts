import type { EmulatorRuntime } from "../../gateway/context.ts";
import type { InternalRoute } from "../../gateway/internal-routes.ts";
import { RpcService } from "../../gateway/service.ts";
import { RestJsonCodec } from "../../protocol/rest-json.ts";
import { AsyncInvocationQueue } from "./async-queue.ts";
import { codeDownloadRoute } from "./code-download.ts";
import { failedEventsRoute } from "./failed-events.ts";
import type { Executor } from "./invocation.ts";
import { LambdaProvider } from "./provider.ts";
import { lambdaRoutes } from "./routes.ts";
import { lambdaSchemas } from "./schemas.ts";
import { FunctionUrlEndpoint } from "./url-endpoint.ts";

export interface LambdaService {
  service: RpcService<typeof lambdaSchemas>;
  /** Event invocations; undefined when no executor runs functions. */
  queue: AsyncInvocationQueue | undefined;
  /** Endpoints outside the API: function URLs, code downloads, failed Event invocations. */
  routes: InternalRoute[];
}

/** Lambda (rest-json): the control plane; `executor` runs functions in worker processes (see runtime/). */
export function createLambdaService(runtime: EmulatorRuntime, executor?: Executor): LambdaService {
  const queue = executor
    ? new AsyncInvocationQueue(runtime.store, executor, { retryBaseMs: runtime.config.lambdaRetryBaseMs })
    : undefined;
  // Events queued before a restart run again.
  if (queue) setImmediate(() => queue.kick());
  const service = new RpcService({
    name: "lambda",
    detection: {
      signingNames: ["lambda"],
      pathPrefixes: [
        "/2015-03-31/",
        "/2016-08-19/",
        "/2017-03-31/",
        "/2017-10-31/",
        "/2019-09-25/",
        "/2019-09-30/",
        "/2020-06-30/",
        "/2021-10-31/",
      ],
    },
    codec: new RestJsonCodec(lambdaRoutes),
    schemas: lambdaSchemas,
    provider: new LambdaProvider(executor && queue ? { executor, queue } : undefined),
    validationCode: "ValidationException",
  });
  const routes = [
    new FunctionUrlEndpoint(runtime, executor, service).route,
    codeDownloadRoute(runtime.store),
    failedEventsRoute(queue),
  ];
  return { service, queue, routes };
}
