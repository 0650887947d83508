import type { EmulatorRuntime } from "../../../gateway/context.ts";
import type { InternalRoute } from "../../../gateway/internal-routes.ts";
import type { Provider } from "../../../protocol/provider.ts";
import type { AsyncInvocationQueue } from "../../lambda/async-queue.ts";
import type { SnsPublisher } from "../../sns/index.ts";
import { dashboardOperations, dashboardSchemas } from "../dashboards/operations.ts";
import type { MetricReader } from "../metric-reader.ts";
import { tagOperations, tagSchemas } from "../tags/operations.ts";
import { AlarmActions } from "./actions/dispatch.ts";
import { deleteAlarms, setActionsEnabled, setAlarmState } from "./admin.ts";
import { describeAlarms, describeAlarmsForMetric } from "./describe.ts";
import { AlarmEvaluator } from "./evaluation/evaluator.ts";
import { evaluationTicks } from "./evaluation/schedule.ts";
import { describeAlarmHistory } from "./history.ts";
import { putCompositeAlarm, putMetricAlarm } from "./put-alarms.ts";
import { evaluateRoute } from "./routes.ts";
import * as schemas from "./schemas.ts";
import { AlarmStateChanges } from "./state-changes.ts";

/** Alarms, dashboards and tags: their input schemas. */
export const alarmSchemas = {
  PutMetricAlarm: schemas.putMetricAlarm,
  PutCompositeAlarm: schemas.putCompositeAlarm,
  DescribeAlarms: schemas.describeAlarms,
  DescribeAlarmsForMetric: schemas.describeAlarmsForMetric,
  DeleteAlarms: schemas.alarmNameList,
  SetAlarmState: schemas.setAlarmState,
  DescribeAlarmHistory: schemas.describeAlarmHistory,
  EnableAlarmActions: schemas.alarmNameList,
  DisableAlarmActions: schemas.alarmNameList,
  ...dashboardSchemas,
  ...tagSchemas,
};
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
  /** The engine, for benchmarks and in-process tests. */
  evaluator: AlarmEvaluator;
}

export function createAlarms(deps: AlarmDependencies): Alarms {
  const { runtime } = deps;
  const actions = new AlarmActions({ store: runtime.store, sns: deps.sns, lambdaQueue: deps.lambdaQueue });
  const changes = new AlarmStateChanges(actions);
  const evaluator = new AlarmEvaluator({ store: runtime.store, metrics: deps.metrics, changes, actions });

  /** Request-driven changes queue Lambda invocations: they run once the store has them on disk. */
  const afterFlush = async () => {
    await runtime.store.flush();
    actions.kick();
  };

  const operations: Provider<AlarmSchemas> = {
    PutMetricAlarm: (input, ctx) => putMetricAlarm(input, ctx),
    PutCompositeAlarm: async (input, ctx) => {
      await putCompositeAlarm(input, ctx, changes);
      await afterFlush();
    },
    DescribeAlarms: (input, ctx) => describeAlarms(input, ctx),
    DescribeAlarmsForMetric: (input, ctx) => describeAlarmsForMetric(input, ctx),
    DeleteAlarms: (input, ctx) => deleteAlarms(input, ctx),
    SetAlarmState: async (input, ctx) => {
      await setAlarmState(input, ctx, changes);
      await afterFlush();
    },
    DescribeAlarmHistory: (input, ctx) => describeAlarmHistory(input, ctx),
    EnableAlarmActions: (input, ctx) => setActionsEnabled(input.AlarmNames, true, ctx),
    DisableAlarmActions: (input, ctx) => setActionsEnabled(input.AlarmNames, false, ctx),
    ...dashboardOperations,
    ...tagOperations,
  };

  const timers = evaluationTicks(runtime.config.alarmIntervalSeconds).map(({ everyMs, only }) => {
    const timer = setInterval(() => {
      evaluator.evaluateAll(Date.now(), { scheduled: true, only }).catch((err: unknown) => {
        process.stderr.write(`darkroom: alarm evaluation failed: ${(err as Error).message}\n`);
      });
    }, everyMs);
    timer.unref();
    return timer;
  });

  return {
    operations,
    routes: [evaluateRoute(evaluator)],
    close: () => {
      for (const timer of timers) clearInterval(timer);
    },
    evaluator,
  };
}
