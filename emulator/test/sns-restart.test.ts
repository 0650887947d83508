import {
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListTagsForResourceCommand,
  ListTopicsCommand,
  PublishCommand,
  type SNSClient,
  SubscribeCommand,
} from "@aws-sdk/client-sns";
import { describe, expect, it, onTestFinished } from "vitest";
import { uniqueName } from "./support/clients.ts";
import { type EmulatorProcess, spawnEmulator } from "./support/emulator-process.ts";
import { eventually } from "./support/lambda.ts";
import { createTopic, httpSubscriber, inbox, signatureIsValid, snsClient } from "./support/sns.ts";
import { tempDir } from "./support/temp-dir.ts";

async function start(stateDir: string): Promise<{ emulator: EmulatorProcess; sns: SNSClient }> {
  const emulator = await spawnEmulator({ DARKROOM_STATE_DIR: stateDir, DARKROOM_PERSIST: "1" });
  const sns = snsClient(emulator.url);
  onTestFinished(async () => {
    sns.destroy();
    await emulator.kill();
  });
  return { emulator, sns };
}

/** Links in messages name the emulator they came from; a restarted one listens elsewhere. */
function rebase(link: string, url: string): string {
  const u = new URL(link);
  return `${url}${u.pathname}${u.search}`;
}

describe("SNS across kill -9", () => {
  it("keeps topics, subscriptions, the inbox, confirmation tokens, the signing key and queued HTTP deliveries", async () => {
    const stateDir = await tempDir("darkroom-sns-");
    const before = await start(stateDir);
    const endpoint = await httpSubscriber((_i, r) =>
      // The first delivery of each notification fails: its retry is queued in the store.
      r.headers["x-amz-sns-message-type"] === "Notification" &&
      !endpoint.received.some((x) => x.json?.MessageId === r.json?.MessageId)
        ? 500
        : 200,
    );

    const topic = await createTopic(before.sns, "durable", {
      Attributes: {
        DisplayName: "Durable",
        DeliveryPolicy: JSON.stringify({
          http: { defaultHealthyRetryPolicy: { numRetries: 1, minDelayTarget: 3, maxDelayTarget: 3 } },
        }),
      },
      Tags: [{ Key: "keep", Value: "me" }],
    });
    const sms = await before.sns.send(
      new SubscribeCommand({
        TopicArn: topic,
        Protocol: "sms",
        Endpoint: "+15550800001",
        ReturnSubscriptionArn: true,
        Attributes: { FilterPolicy: JSON.stringify({ kind: ["alert"] }) },
      }),
    );
    const email = await before.sns.send(
      new SubscribeCommand({
        TopicArn: topic,
        Protocol: "email",
        Endpoint: `${uniqueName("later")}@example.com`,
        ReturnSubscriptionArn: true,
      }),
    );
    await before.sns.send(
      new SubscribeCommand({ TopicArn: topic, Protocol: "http", Endpoint: endpoint.url }),
    );
    const confirmation = await eventually(async () => {
      expect(endpoint.received).toHaveLength(1);
      return endpoint.received[0]!.json!;
    });
    expect((await fetch(confirmation.SubscribeURL as string)).status).toBe(200);
    const published = await before.sns.send(
      new PublishCommand({
        TopicArn: topic,
        Message: "survives",
        MessageAttributes: { kind: { DataType: "String", StringValue: "alert" } },
      }),
    );
    // The first attempt failed; its retry is due three seconds later, after the crash.
    await eventually(async () =>
      expect(endpoint.received.filter((r) => r.json?.MessageId === published.MessageId)).toHaveLength(1),
    );
    const inboxBefore = await inbox({ topicArn: topic }, before.emulator.url);
    expect(inboxBefore.map((m) => [m.protocol, m.type])).toEqual([
      ["email", "SubscriptionConfirmation"],
      ["sms", "Notification"],
    ]);
    await before.emulator.kill();

    const after = await start(stateDir);
    // The queued retry is delivered by the restarted emulator.
    const retried = await eventually(async () => {
      const attempts = endpoint.received.filter((r) => r.json?.MessageId === published.MessageId);
      expect(attempts).toHaveLength(2);
      return attempts[1]!;
    }, 20_000);
    expect(retried.json!.Message).toBe("survives");

    const topics = await after.sns.send(new ListTopicsCommand({}));
    expect(topics.Topics?.map((t) => t.TopicArn)).toContain(topic);
    const attrs = (await after.sns.send(new GetTopicAttributesCommand({ TopicArn: topic }))).Attributes!;
    expect(attrs).toMatchObject({
      DisplayName: "Durable",
      SubscriptionsConfirmed: "2",
      SubscriptionsPending: "1",
    });
    expect((await after.sns.send(new ListTagsForResourceCommand({ ResourceArn: topic }))).Tags).toEqual([
      { Key: "keep", Value: "me" },
    ]);
    const subs = await after.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic }));
    expect(subs.Subscriptions?.map((s) => s.Protocol).sort()).toEqual(["email", "http", "sms"]);
    const smsAttrs = await after.sns.send(
      new GetSubscriptionAttributesCommand({ SubscriptionArn: sms.SubscriptionArn }),
    );
    expect(smsAttrs.Attributes).toMatchObject({ FilterPolicy: JSON.stringify({ kind: ["alert"] }) });

    // The inbox is as it was, and the email's confirmation link still works.
    const inboxAfter = await inbox({ topicArn: topic }, after.emulator.url);
    expect(inboxAfter).toEqual(inboxBefore);
    const link = /^(http:\/\/\S+\/_darkroom\/sns\/confirm\?\S+)$/m.exec(inboxAfter[0]!.body)![1]!;
    expect((await fetch(rebase(link, after.emulator.url))).status).toBe(200);
    const emailAttrs = await after.sns.send(
      new GetSubscriptionAttributesCommand({ SubscriptionArn: email.SubscriptionArn }),
    );
    expect(emailAttrs.Attributes).toMatchObject({ PendingConfirmation: "false" });

    // Signatures made before the crash verify against the certificate served after it.
    const signed = {
      ...confirmation,
      SigningCertURL: rebase(confirmation.SigningCertURL as string, after.emulator.url),
    };
    expect(await signatureIsValid(signed)).toBe(true);
  });
});
