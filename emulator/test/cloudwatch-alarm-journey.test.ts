import {
  CloudWatchClient,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
} from "@aws-sdk/client-cloudwatch";
import { CreateFunctionCommand, InvokeCommand, waitUntilFunctionActiveV2 } from "@aws-sdk/client-lambda";
import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { afterAll, describe, expect, it } from "vitest";
import { clientConfig, emulatorUrl, uniqueName } from "./support/clients.ts";
import { evaluate } from "./support/cloudwatch.ts";
import { eventually, lambdaClient, TEST_ROLE, zipOf } from "./support/lambda.ts";
import { type InboxMessage, inbox } from "./support/sns.ts";

/*
 * Issue 6's acceptance item 3, end to end on the shared emulator process: a function's
 * errors become AWS/Lambda metrics, the Errors alarm goes to ALARM on the next evaluation,
 * and the alert reaches the email subscriber's inbox; then it recovers and says so.
 */

const cloudwatch = new CloudWatchClient(clientConfig());
const sns = new SNSClient(clientConfig());
const lambda = lambdaClient();
afterAll(() => {
  for (const client of [cloudwatch, sns, lambda]) client.destroy();
});

const REGION_NAME = "US East (N. Virginia)";

async function deployThrower(): Promise<string> {
  const name = uniqueName("thrower");
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: "nodejs22.x",
      Role: TEST_ROLE,
      Handler: "index.handler",
      Code: {
        ZipFile: zipOf({
          "index.mjs": `export const handler = async (event) => {
  if (event.fail) throw new Error("image could not be decoded");
  return { ok: true };
};`,
        }),
      },
    }),
  );
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30 }, { FunctionName: name });
  return name;
}

/** Subscribes `endpoint` and confirms through the link in the confirmation request, as a person would. */
async function subscribeConfirmed(topicArn: string, protocol: "email" | "email-json", endpoint: string) {
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: protocol, Endpoint: endpoint }));
  const [request] = await inbox({ topicArn, protocol });
  expect(request?.subject).toBe(CONFIRMATION);
  const link = /(https?:\/\/[^\s"]+)/.exec(request!.body)?.[1];
  expect(link, request!.body).toBeDefined();
  const confirmed = await fetch(link!.replaceAll("&amp;", "&"));
  expect(confirmed.status).toBe(200);
}

async function invoke(functionName: string, fail: boolean): Promise<void> {
  const out = await lambda.send(
    new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify({ fail })) }),
  );
  expect(out.FunctionError).toBe(fail ? "Unhandled" : undefined);
}

async function alarmState(name: string): Promise<string | undefined> {
  const out = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [name] }));
  return out.MetricAlarms?.[0]?.StateValue;
}

const CONFIRMATION = "AWS Notification - Subscription Confirmation";

/** The alarm notifications an email-json subscriber got: the envelopes' messages, parsed. */
function notifications(messages: InboxMessage[]): Array<Record<string, unknown>> {
  return messages
    .filter((m) => m.subject !== CONFIRMATION)
    .map((m) => JSON.parse(String(JSON.parse(m.body).Message)) as Record<string, unknown>);
}

describe("a failing function raises its Errors alarm, and the alert arrives", () => {
  it("goes to ALARM after 5 errors, mails the subscriber, and recovers to OK with the OK mail", async () => {
    const functionName = await deployThrower();
    const topicArn = (await sns.send(new CreateTopicCommand({ Name: uniqueName("critical") }))).TopicArn!;
    await subscribeConfirmed(topicArn, "email", "oncall@example.com");
    await subscribeConfirmed(topicArn, "email-json", "pager@example.com");
    // Never confirmed: gets the confirmation request and nothing else.
    await sns.send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: "email", Endpoint: "away@example.com" }),
    );
    const alarmName = `${functionName}-errors`;
    await cloudwatch.send(
      new PutMetricAlarmCommand({
        AlarmName: alarmName,
        AlarmDescription: "The function throws",
        Namespace: "AWS/Lambda",
        MetricName: "Errors",
        Dimensions: [{ Name: "FunctionName", Value: functionName }],
        Statistic: "Sum",
        Period: 60,
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
        Threshold: 3,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        TreatMissingData: "notBreaching",
        AlarmActions: [topicArn],
        OKActions: [topicArn],
      }),
    );
    expect(await alarmState(alarmName)).toBe("INSUFFICIENT_DATA");

    for (let i = 0; i < 5; i++) await invoke(functionName, true);
    const now = Date.now();
    await evaluate(emulatorUrl(), new Date(now));
    expect(await alarmState(alarmName)).toBe("ALARM");

    const alarmMail = await eventually(async () => {
      const mails = notifications(await inbox({ topicArn, protocol: "email-json" }));
      expect(mails.length).toBe(1);
      return mails[0]!;
    });
    expect(alarmMail).toMatchObject({
      AlarmName: alarmName,
      AlarmDescription: "The function throws",
      NewStateValue: "ALARM",
      OldStateValue: "INSUFFICIENT_DATA",
      Region: REGION_NAME,
      AlarmArn: `arn:aws:cloudwatch:us-east-1:000000000000:alarm:${alarmName}`,
      Trigger: {
        MetricName: "Errors",
        Namespace: "AWS/Lambda",
        StatisticType: "Statistic",
        Statistic: "SUM",
        Dimensions: [{ value: functionName, name: "FunctionName" }],
        Period: 60,
        EvaluationPeriods: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        Threshold: 3,
        TreatMissingData: "notBreaching",
      },
    });
    expect(String(alarmMail.NewStateReason)).toMatch(
      /^Threshold Crossed: 1 out of the last 1 datapoints \[5\.0 .*\] was greater than or equal to the threshold \(3\.0\)/,
    );
    expect(Number.isNaN(Date.parse(String(alarmMail.StateChangeTime)))).toBe(false);
    const mails = (await inbox({ topicArn, protocol: "email" })).filter(
      (m) => m.endpoint === "oncall@example.com",
    );
    expect(mails.at(-1)?.subject).toBe(`ALARM: "${alarmName}" in ${REGION_NAME}`);
    // Email gets CloudWatch's readable text; email-json (above) the JSON.
    const text = mails.at(-1)?.body ?? "";
    expect(text).toMatch(
      new RegExp(
        `^You are receiving this email because your Amazon CloudWatch Alarm "${alarmName}" in the ${REGION_NAME.replace(/[()]/g, "\\$&")} region has entered the ALARM state, because "Threshold Crossed: `,
      ),
    );
    expect(text).toContain("- State Change:               INSUFFICIENT_DATA -> ALARM");
    expect(text).toContain(
      "- The alarm is in the ALARM state when the metric is GreaterThanOrEqualToThreshold 3.0 for at least 1 of the last 1 period(s) of 60 seconds.",
    );
    expect(text).toContain(`- Dimensions:                          [FunctionName = ${functionName}]`);
    expect(text).toContain("If you wish to stop receiving notifications from this topic");

    // Successes, then minutes without data: notBreaching counts the gap as good.
    for (let i = 0; i < 3; i++) await invoke(functionName, false);
    await evaluate(emulatorUrl(), new Date(now + 3 * 60_000));
    expect(await alarmState(alarmName)).toBe("OK");
    const okMail = await eventually(async () => {
      const mails = notifications(await inbox({ topicArn, protocol: "email-json" }));
      expect(mails.length).toBe(2);
      return mails[1]!;
    });
    expect(okMail).toMatchObject({ AlarmName: alarmName, NewStateValue: "OK", OldStateValue: "ALARM" });
    const last = (await inbox({ topicArn, protocol: "email" })).filter(
      (m) => m.endpoint === "oncall@example.com",
    );
    expect(last.at(-1)?.subject).toBe(`OK: "${alarmName}" in ${REGION_NAME}`);

    const away = (await inbox({ topicArn, protocol: "email" })).filter(
      (m) => m.endpoint === "away@example.com",
    );
    expect(away.map((m) => m.subject)).toEqual([CONFIRMATION]);

    const history = await cloudwatch.send(
      new DescribeAlarmHistoryCommand({ AlarmName: alarmName, HistoryItemType: "StateUpdate" }),
    );
    expect(history.AlarmHistoryItems?.map((h) => h.HistorySummary)).toEqual([
      "Alarm updated from ALARM to OK",
      "Alarm updated from INSUFFICIENT_DATA to ALARM",
    ]);
  });
});
