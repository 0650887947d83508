import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  PublishCommand,
} from "@aws-sdk/client-sns";
import { afterAll, describe, expect, it } from "vitest";
import { emulatorUrl, uniqueName } from "./support/clients.ts";
import { expectAwsError } from "./support/expect-aws-error.ts";
import { eventually, zipOf } from "./support/lambda.ts";
import { logsClient } from "./support/logs-client.ts";
import { ACCOUNT, inbox, snsClient } from "./support/sns.ts";
import { explain, output, terraform, writeFixture } from "./support/terraform.ts";

const FIXTURE = fileURLToPath(new URL("./fixtures/terraform/sns-stack/main.tf", import.meta.url));

/** Two topics, the alerts topic's policy, an email and a Lambda subscription, the function, its role and permission. */
const RESOURCES = 8;

/**
 * aws_sns_topic (with a policy, and with aws_sns_topic_policy) and aws_sns_topic_subscription
 * (email and lambda) through the real Terraform binary and AWS provider 5.100.0: apply, the
 * subscriptions work, a plan without changes, destroy.
 */
describe("Terraform AWS provider 5.100.0 with SNS", () => {
  const dir = mkdtempSync(join(tmpdir(), "darkroom-tf-sns-"));
  const name = uniqueName("tf-sns");
  const zipPath = join(dir, "notified.zip");
  const vars = ["-var", `endpoint=${emulatorUrl()}`, "-var", `name=${name}`, "-var", `zip_path=${zipPath}`];
  const sns = snsClient();
  const logs = logsClient();

  afterAll(async () => {
    // Leave nothing behind even when an assertion failed midway.
    await terraform(dir, ["destroy", "-auto-approve", "-no-color", ...vars]);
    rmSync(dir, { recursive: true, force: true });
    sns.destroy();
    logs.destroy();
  });

  it("applies, delivers, plans no changes, destroys", { timeout: 600_000 }, async () => {
    writeFixture(dir, FIXTURE, ["iam", "lambda", "sns", "sts"]);
    writeFileSync(
      zipPath,
      zipOf({ "index.js": "exports.handler = async (event) => { console.log(JSON.stringify(event)); };\n" }),
    );

    const init = await terraform(dir, ["init", "-no-color", "-input=false"]);
    expect(init.code, explain("init", init)).toBe(0);
    const apply = await terraform(dir, ["apply", "-auto-approve", "-no-color", ...vars]);
    expect(apply.code, explain("apply", apply)).toBe(0);
    expect(apply.stdout).toMatch(new RegExp(`Apply complete! Resources: ${RESOURCES} added, 0 changed`));

    const topicArn = await output(dir, "topic_arn");
    expect(topicArn).toBe(`arn:aws:sns:us-east-1:${ACCOUNT}:${name}-alerts`);
    const topic = (await sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }))).Attributes!;
    expect(topic.DisplayName).toBe("Darkroom alerts");
    expect(JSON.parse(topic.Policy!).Statement.map((s: { Sid: string }) => s.Sid)).toEqual([
      "OwnerPublishes",
      "AlarmsPublish",
    ]);
    expect(topic).toMatchObject({ SubscriptionsConfirmed: "1", SubscriptionsPending: "1" });

    // The email subscription waits for its address to confirm; its request is in the inbox.
    const emailArn = await output(dir, "email_subscription_arn");
    const email = (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: emailArn })))
      .Attributes;
    expect(email).toMatchObject({
      Protocol: "email",
      Endpoint: "ops@example.com",
      PendingConfirmation: "true",
    });
    expect((await inbox({ subscriptionArn: emailArn })).map((m) => m.type)).toEqual([
      "SubscriptionConfirmation",
    ]);

    // The Lambda subscription is confirmed, and its filter policy lets only high severities through.
    const lambdaArn = await output(dir, "lambda_subscription_arn");
    const sub = (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: lambdaArn })))
      .Attributes;
    expect(sub).toMatchObject({
      Protocol: "lambda",
      PendingConfirmation: "false",
      FilterPolicyScope: "MessageAttributes",
    });
    const listed = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
    expect(listed.Subscriptions?.map((s) => s.SubscriptionArn).sort()).toEqual(
      ["PendingConfirmation", lambdaArn].sort(),
    );

    const functionName = await output(dir, "function_name");
    const low = await sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Message: "disk 60% full",
        MessageAttributes: { severity: { DataType: "String", StringValue: "low" } },
      }),
    );
    const high = await sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Message: "disk 99% full",
        MessageAttributes: { severity: { DataType: "String", StringValue: "critical" } },
      }),
    );
    const printed = await eventually(async () => {
      const out = await logs.send(
        new FilterLogEventsCommand({
          logGroupName: `/aws/lambda/${functionName}`,
          filterPattern: '"aws:sns"',
        }),
      );
      expect(out.events).toHaveLength(1);
      return out.events![0]!.message!;
    }, 30_000);
    expect(printed).toContain(high.MessageId!);
    expect(printed).not.toContain(low.MessageId!);

    // -detailed-exitcode: 0 means no changes, 2 means what was applied reads back differently.
    const plan = await terraform(dir, ["plan", "-detailed-exitcode", "-no-color", ...vars]);
    expect(plan.code, explain("plan", plan)).toBe(0);

    const destroy = await terraform(dir, ["destroy", "-auto-approve", "-no-color", ...vars]);
    expect(destroy.code, explain("destroy", destroy)).toBe(0);
    expect(destroy.stdout).toMatch(new RegExp(`Destroy complete! Resources: ${RESOURCES} destroyed`));
    await expectAwsError(sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn })), "NotFound", 404);
    await expectAwsError(
      sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: lambdaArn })),
      "NotFound",
      404,
    );
  });
});
