import type { EmulatorRuntime } from "../../../gateway/context.ts";
import type { InternalRoute } from "../../../gateway/internal-routes.ts";
import type { Provider } from "../../../protocol/provider.ts";
import type { AsyncInvocationQueue } from "../../lambda/async-queue.ts";
import type { SnsPublisher } from "../../sns/index.ts";
import type { MetricReader } from "../metric-reader.ts";

/** Alarms, dashboards and tags: their input schemas. */
export const alarmSchemas = {};
export type AlarmSchemas = typeof alarmSchemas;

export interface AlarmDependencies {
  runtime: EmulatorRuntime;
  metrics: MetricReader;
  sns: SnsPublisher;
  lambdaQueue: AsyncInvocationQueue | undefined;
}

export interface Alarms {
  operations: Provider<AlarmSchemas>;
  /** POST /_darkroom/cloudwatch/evaluate, for tests. */
  routes: InternalRoute[];
  /** Stops the evaluation schedule. */
  close(): void;
}

export function createAlarms(_deps: AlarmDependencies): Alarms {
  return { operations: {}, routes: [], close: () => {} };
}
