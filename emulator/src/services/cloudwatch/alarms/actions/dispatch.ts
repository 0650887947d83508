import type { StateStore } from "../../../../state/store.ts";
import type { AsyncInvocationQueue } from "../../../lambda/async-queue.ts";
import { parseFunctionArn, serviceMayInvokeArn } from "../../../lambda/service-invoker.ts";
import type { SnsPublisher } from "../../../sns/index.ts";
import { recordAction } from "../history.ts";
import type { AlarmRecord, AlarmState } from "../model.ts";
import type { AlarmTables } from "../tables.ts";
import { alarmLambdaEvent } from "./lambda-event.ts";
import { alarmNotification, type TriggeringChild } from "./notification.ts";

/** The principal CloudWatch alarms invoke Lambda functions as. */
export const ALARM_LAMBDA_PRINCIPAL = "lambda.alarms.cloudwatch.amazonaws.com";

const SNS_ACTION = /^arn:aws[a-zA-Z-]*:sns:/;
const LAMBDA_ACTION = /^arn:aws[a-zA-Z-]*:lambda:/;

export interface ActionDependencies {
  store: StateStore;
  sns: SnsPublisher;
  lambdaQueue: AsyncInvocationQueue | undefined;
}

/** The actions an alarm's state lists. */
export function actionsFor(alarm: AlarmRecord): string[] {
  switch (alarm.state.value) {
    case "ALARM":
      return alarm.alarmActions;
    case "OK":
      return alarm.okActions;
    case "INSUFFICIENT_DATA":
      return alarm.insufficientDataActions;
  }
}

/**
 * Runs an alarm's actions for its new state: SNS topics get the alarm notification,
 * Lambda functions an Event invocation (when their policy lets CloudWatch alarms invoke
 * them). Each action leaves an Action history item saying whether it worked. EC2, Auto
 * Scaling and Systems Manager actions are not performed.
 */
export class AlarmActions {
  private readonly deps: ActionDependencies;
  /** Invocations queued since the last kick; they run once the store flush made them durable. */
  private lambdaQueued = false;

  constructor(deps: ActionDependencies) {
    this.deps = deps;
  }

  async run(tables: AlarmTables, alarm: AlarmRecord, previous: AlarmState, children: TriggeringChild[]) {
    const at = alarm.state.updatedAt;
    for (const action of actionsFor(alarm)) {
      if (SNS_ACTION.test(action)) {
        const { subject, message, email } = alarmNotification(tables.scope, alarm, previous, children);
        try {
          // As MessageStructure=json: email gets the readable text, every other protocol the JSON.
          await this.deps.sns.publish({ topicArn: action, subject, message, perProtocol: { email } });
          recordAction(tables, alarm, action, at, { published: message });
        } catch (err) {
          recordAction(tables, alarm, action, at, { error: (err as Error).message });
        }
      } else if (LAMBDA_ACTION.test(action)) {
        recordAction(tables, alarm, action, at, this.invokeLambda(tables, alarm, previous, action));
      }
    }
  }

  /** Starts the invocations queued so far; call after the store flush that recorded them. */
  kick(): void {
    if (!this.lambdaQueued || !this.deps.lambdaQueue) return;
    this.lambdaQueued = false;
    this.deps.lambdaQueue.kick();
  }

  private invokeLambda(
    tables: AlarmTables,
    alarm: AlarmRecord,
    previous: AlarmState,
    functionArn: string,
  ): { error?: string } {
    const ref = parseFunctionArn(functionArn);
    const queue = this.deps.lambdaQueue;
    if (!ref || !queue) return { error: `Function not found: ${functionArn}` };
    const allowed = serviceMayInvokeArn(this.deps.store, functionArn, {
      principal: ALARM_LAMBDA_PRINCIPAL,
      sourceArn: alarm.arn,
      sourceAccount: tables.scope.accountId,
    });
    if (!allowed) {
      return {
        error: `CloudWatch Alarms is not authorized to perform: lambda:InvokeFunction on resource: ${functionArn}`,
      };
    }
    queue.enqueue({
      accountId: ref.accountId,
      region: ref.region,
      functionName: ref.name,
      ...(ref.qualifier !== undefined ? { qualifier: ref.qualifier } : {}),
      payload: alarmLambdaEvent(tables.scope, alarm, previous),
    });
    this.lambdaQueued = true;
    return {};
  }
}
