import { CloudWatchClient, PutMetricAlarmCommand, SetAlarmStateCommand } from "@aws-sdk/client-cloudwatch";
import { FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { AddPermissionCommand } from "@aws-sdk/client-lambda";
import { SubscribeCommand } from "@aws-sdk/client-sns";
import { afterAll, describe, expect, it } from "vitest";
import { clientConfig, uniqueName } from "./support/clients.ts";
import { eventually, lambdaClient } from "./support/lambda.ts";
import { logsClient } from "./support/logs-client.ts";
import { deployFunction } from "./support/s3-notifications.ts";
import { createTopic, httpSubscriber, inbox, snsClient, subscribe } from "./support/sns.ts";

const sns = snsClient();
const cloudwatch = new CloudWatchClient(clientConfig());
const lambda = lambdaClient();
const logs = logsClient();

afterAll(() => {
  for (const client of [sns, cloudwatch, lambda, logs]) client.destroy();
});

/**
 * CloudWatch alarm actions publish through SNS's in-process publisher: every kind of
 * subscriber gets the alarm's notification just as it would get a Publish.
 */
describe("alarm notifications through SNS", () => {
  it("reach SMS, email, HTTP and Lambda subscribers with the alarm's subject", async () => {
    const topic = await createTopic(sns, "alarms");
    const smsArn = await subscribe(sns, topic, "sms", "+15550900001");
    const emailArn = await subscribe(sns, topic, "email", `${uniqueName("oncall")}@example.com`);
    const [request] = await inbox({ subscriptionArn: emailArn });
    const link = /^(http:\/\/\S+\/_darkroom\/sns\/confirm\?\S+)$/m.exec(request!.body)![1]!;
    expect((await fetch(link)).status).toBe(200);
    const endpoint = await httpSubscriber();
    await sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: "http", Endpoint: endpoint.url }));
    const confirmation = await eventually(async () => {
      expect(endpoint.received).toHaveLength(1);
      return endpoint.received[0]!.json!;
    });
    expect((await fetch(confirmation.SubscribeURL as string)).status).toBe(200);
    const fn = await deployFunction(
      lambda,
      "export const handler = async (event) => { console.log(JSON.stringify(event)); };\n",
    );
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: fn.name,
        StatementId: "sns",
        Action: "lambda:InvokeFunction",
        Principal: "sns.amazonaws.com",
        SourceArn: topic,
      }),
    );
    await sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: "lambda", Endpoint: fn.arn }));

    const alarmName = uniqueName("errors");
    await cloudwatch.send(
      new PutMetricAlarmCommand({
        AlarmName: alarmName,
        Namespace: "Darkroom/Test",
        MetricName: "Errors",
        Statistic: "Sum",
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        AlarmActions: [topic],
      }),
    );
    await cloudwatch.send(
      new SetAlarmStateCommand({
        AlarmName: alarmName,
        StateValue: "ALARM",
        StateReason: "testing the action",
      }),
    );

    const subject = `ALARM: "${alarmName}" in US East (N. Virginia)`;
    const [mail] = await eventually(async () => {
      const found = (await inbox({ subscriptionArn: emailArn })).filter((m) => m.type === "Notification");
      expect(found).toHaveLength(1);
      return found;
    });
    expect(mail!.subject).toBe(subject);
    // Email gets CloudWatch's readable text; the other protocols get the JSON.
    const [text, footer] = mail!.body.split("\n\n--\n") as [string, string];
    expect(text).toContain(`Amazon CloudWatch Alarm "${alarmName}" in the US East (N. Virginia) region`);
    expect(text).toContain('has entered the ALARM state, because "testing the action"');
    expect(footer).toContain("unsubscribe");

    const [sms] = await inbox({ subscriptionArn: smsArn });
    expect(JSON.parse(sms!.body)).toMatchObject({
      AlarmName: alarmName,
      NewStateValue: "ALARM",
      NewStateReason: "testing the action",
    });

    const http = await eventually(async () => {
      const found = endpoint.received.filter((r) => r.headers["x-amz-sns-message-type"] === "Notification");
      expect(found).toHaveLength(1);
      return found[0]!.json!;
    });
    expect(http).toMatchObject({
      Type: "Notification",
      TopicArn: topic,
      Subject: subject,
      MessageId: mail!.id,
    });

    const event = await eventually(async () => {
      const out = await logs.send(
        new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${fn.name}`, filterPattern: '"aws:sns"' }),
      );
      expect(out.events).toHaveLength(1);
      return JSON.parse(out.events![0]!.message!.split("\t")[3]!) as {
        Records: Array<{ Sns: Record<string, unknown> }>;
      };
    }, 30_000);
    expect(event.Records[0]!.Sns).toMatchObject({ Subject: subject, MessageId: mail!.id, TopicArn: topic });
  });
});
