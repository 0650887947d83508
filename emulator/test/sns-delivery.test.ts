import { randomUUID } from "node:crypto";
import { FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { AddPermissionCommand } from "@aws-sdk/client-lambda";
import {
  GetSubscriptionAttributesCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SubscribeCommand,
} from "@aws-sdk/client-sns";
import { afterAll, describe, expect, it } from "vitest";
import { emulatorUrl, uniqueName } from "./support/clients.ts";
import { expectAwsError } from "./support/expect-aws-error.ts";
import { eventually, lambdaClient } from "./support/lambda.ts";
import { logsClient } from "./support/logs-client.ts";
import { deployFunction } from "./support/s3-notifications.ts";
import {
  createTopic,
  failedDeliveries,
  httpSubscriber,
  inbox,
  type Received,
  signatureIsValid,
  snsClient,
  subscribe,
} from "./support/sns.ts";

const sns = snsClient();
const lambda = lambdaClient();
const logs = logsClient();

afterAll(() => {
  for (const client of [sns, lambda, logs]) client.destroy();
});

/** A function that prints each event it gets as one line of JSON. */
const PRINTER = "export const handler = async (event) => { console.log(JSON.stringify(event)); };\n";

/** The events the function printed that mention `needle`. */
async function printedEvents(functionName: string, needle: string): Promise<Array<Record<string, unknown>>> {
  const out = await logs.send(
    new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${functionName}`, filterPattern: `"${needle}"` }),
  );
  return (out.events ?? []).map((e) => JSON.parse(e.message!.split("\t")[3]!) as Record<string, unknown>);
}

describe("Lambda subscribers", () => {
  it("are invoked with SNS's event, signed, once their policy lets sns.amazonaws.com invoke them", async () => {
    const topic = await createTopic(sns, "to-lambda");
    const fn = await deployFunction(lambda, PRINTER);
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: fn.name,
        StatementId: "sns",
        Action: "lambda:InvokeFunction",
        Principal: "sns.amazonaws.com",
        SourceArn: topic,
      }),
    );
    const SubscriptionArn = await subscribe(sns, topic, "lambda", fn.arn);
    const published = await sns.send(
      new PublishCommand({
        TopicArn: topic,
        Subject: "Thumbnail ready",
        Message: "image 42 processed",
        MessageAttributes: {
          kind: { DataType: "String", StringValue: "thumbnail" },
          width: { DataType: "Number", StringValue: "320" },
          raw: { DataType: "Binary", BinaryValue: Buffer.from("bytes") },
        },
      }),
    );
    const [event] = await eventually(async () => {
      const found = await printedEvents(fn.name, published.MessageId!);
      expect(found).toHaveLength(1);
      return found;
    }, 30_000);
    const record = (event!.Records as Array<Record<string, unknown>>)[0]!;
    const message = record.Sns as Record<string, unknown>;
    expect(record).toEqual({
      EventSource: "aws:sns",
      EventVersion: "1.0",
      EventSubscriptionArn: SubscriptionArn,
      Sns: {
        Type: "Notification",
        MessageId: published.MessageId,
        TopicArn: topic,
        Subject: "Thumbnail ready",
        Message: "image 42 processed",
        Timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        SignatureVersion: "1",
        Signature: expect.any(String),
        SigningCertUrl: expect.stringMatching(
          new RegExp(`^${emulatorUrl()}/_darkroom/sns/SimpleNotificationService-[0-9a-f]{32}\\.pem$`),
        ),
        UnsubscribeUrl: `${emulatorUrl()}/?Action=Unsubscribe&SubscriptionArn=${SubscriptionArn}`,
        MessageAttributes: {
          kind: { Type: "String", Value: "thumbnail" },
          width: { Type: "Number", Value: "320" },
          raw: { Type: "Binary", Value: Buffer.from("bytes").toString("base64") },
        },
      },
    });
    expect(await signatureIsValid(message)).toBe(true);
    expect(await signatureIsValid({ ...message, Message: "tampered" })).toBe(false);

    // Without a subject, Subject is null, as in AWS's events.
    const bare = await sns.send(new PublishCommand({ TopicArn: topic, Message: "no subject" }));
    const [second] = await eventually(async () => {
      const found = await printedEvents(fn.name, bare.MessageId!);
      expect(found).toHaveLength(1);
      return found;
    }, 30_000);
    const sns2 = (second!.Records as Array<{ Sns: Record<string, unknown> }>)[0]!.Sns;
    expect(sns2.Subject).toBeNull();
    expect(sns2.MessageAttributes).toEqual({});
  });

  it("are not invoked when their policy does not allow SNS; the delivery is recorded as failed", async () => {
    const topic = await createTopic(sns, "no-permission");
    const fn = await deployFunction(lambda, PRINTER);
    const SubscriptionArn = await subscribe(sns, topic, "lambda", fn.arn);
    const published = await sns.send(new PublishCommand({ TopicArn: topic, Message: "denied" }));
    expect(await failedDeliveries({ subscriptionArn: SubscriptionArn })).toEqual([
      expect.objectContaining({
        messageId: published.MessageId,
        protocol: "lambda",
        endpoint: fn.arn,
        reason: expect.stringContaining("sns.amazonaws.com"),
      }),
    ]);
  });
});

const messageType = (r: Received) => r.headers["x-amz-sns-message-type"];

/** The subscription confirmation an endpoint got first. */
async function confirmationOf(endpoint: { received: Received[] }): Promise<Received> {
  return eventually(async () => {
    expect(endpoint.received.length).toBeGreaterThan(0);
    expect(messageType(endpoint.received[0]!)).toBe("SubscriptionConfirmation");
    return endpoint.received[0]!;
  });
}

describe("HTTP subscribers", () => {
  it("confirm through SubscribeURL, then get signed Notification envelopes with SNS's headers", async () => {
    const endpoint = await httpSubscriber();
    const topic = await createTopic(sns, "to-http");
    const subscribed = await sns.send(
      new SubscribeCommand({ TopicArn: topic, Protocol: "http", Endpoint: endpoint.url }),
    );
    expect(subscribed.SubscriptionArn).toBe("pending confirmation");

    const confirmation = await eventually(async () => {
      expect(endpoint.received).toHaveLength(1);
      return endpoint.received[0]!;
    });
    expect(confirmation.headers).toMatchObject({
      "content-type": "text/plain; charset=UTF-8",
      "user-agent": "Amazon Simple Notification Service Agent",
      "x-amz-sns-message-type": "SubscriptionConfirmation",
      "x-amz-sns-message-id": confirmation.json!.MessageId,
      "x-amz-sns-topic-arn": topic,
    });
    expect(confirmation.headers).not.toHaveProperty("x-amz-sns-subscription-arn");
    const token = confirmation.json!.Token as string;
    expect(confirmation.json).toEqual({
      Type: "SubscriptionConfirmation",
      MessageId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      Token: expect.stringMatching(/^[0-9a-f]{288}$/),
      TopicArn: topic,
      Message: `You have chosen to subscribe to the topic ${topic}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
      SubscribeURL: `${emulatorUrl()}/?Action=ConfirmSubscription&TopicArn=${topic}&Token=${token}`,
      Timestamp: expect.any(String),
      SignatureVersion: "1",
      Signature: expect.any(String),
      SigningCertURL: expect.stringContaining("/_darkroom/sns/SimpleNotificationService-"),
    });
    // AWS's layout, one field per line.
    expect(confirmation.body.startsWith('{\n  "Type" : "SubscriptionConfirmation",\n  "MessageId" : ')).toBe(
      true,
    );
    expect(await signatureIsValid(confirmation.json!)).toBe(true);

    // Nothing is delivered before the endpoint confirms.
    const early = await sns.send(new PublishCommand({ TopicArn: topic, Message: "too early" }));

    const visit = await fetch(confirmation.json!.SubscribeURL as string);
    expect(visit.status).toBe(200);
    const xml = await visit.text();
    const subscriptionArn = /<SubscriptionArn>([^<]+)<\/SubscriptionArn>/.exec(xml)![1]!;
    expect(xml).toContain('<ConfirmSubscriptionResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">');
    const attrs = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn }));
    expect(attrs.Attributes).toMatchObject({
      PendingConfirmation: "false",
      ConfirmationWasAuthenticated: "false",
    });

    const published = await sns.send(
      new PublishCommand({
        TopicArn: topic,
        Subject: "Hello",
        Message: "over http",
        MessageAttributes: { kind: { DataType: "String", StringValue: "test" } },
      }),
    );
    const notification = await eventually(async () => {
      const found = endpoint.received.filter((r) => messageType(r) === "Notification");
      expect(found).toHaveLength(1);
      return found[0]!;
    });
    expect(endpoint.received.some((r) => r.json?.MessageId === early.MessageId)).toBe(false);
    expect(notification.headers).toMatchObject({
      "content-type": "text/plain; charset=UTF-8",
      "x-amz-sns-message-id": published.MessageId,
      "x-amz-sns-topic-arn": topic,
      "x-amz-sns-subscription-arn": subscriptionArn,
    });
    expect(notification.json).toEqual({
      Type: "Notification",
      MessageId: published.MessageId,
      TopicArn: topic,
      Subject: "Hello",
      Message: "over http",
      Timestamp: expect.any(String),
      SignatureVersion: "1",
      Signature: expect.any(String),
      SigningCertURL: expect.any(String),
      UnsubscribeURL: `${emulatorUrl()}/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`,
      MessageAttributes: { kind: { Type: "String", Value: "test" } },
    });
    expect(await signatureIsValid(notification.json!)).toBe(true);

    // The UnsubscribeURL works without a signature.
    expect((await fetch(notification.json!.UnsubscribeURL as string)).status).toBe(200);
    await expectAwsError(
      sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn })),
      "NotFound",
      404,
    );
  });

  it("get the raw message with RawMessageDelivery, with the content type of the delivery policy", async () => {
    const endpoint = await httpSubscriber();
    const topic = await createTopic(sns, "raw-http");
    const SubscriptionArn = await subscribe(sns, topic, "http", endpoint.url, {
      RawMessageDelivery: "true",
      DeliveryPolicy: JSON.stringify({ requestPolicy: { headerContentType: "application/json" } }),
    });
    const confirmation = await confirmationOf(endpoint);
    await fetch(confirmation.json!.SubscribeURL as string);
    await sns.send(new PublishCommand({ TopicArn: topic, Message: '{"id":42}' }));
    const raw = await eventually(async () => {
      const found = endpoint.received.filter((r) => messageType(r) === "Notification");
      expect(found).toHaveLength(1);
      return found[0]!;
    });
    expect(raw.body).toBe('{"id":42}');
    expect(raw.headers).toMatchObject({
      "content-type": "application/json",
      "x-amz-sns-rawdelivery": "true",
      "x-amz-sns-subscription-arn": SubscriptionArn,
    });
  });

  it("are retried after a failure on the delivery policy's schedule, then given up on", async () => {
    const flaky = await httpSubscriber((_i, r) => {
      if (messageType(r) !== "Notification") return 200;
      return r.json?.Message === "eventually" &&
        flaky.received.filter((x) => x.json?.Message === "eventually").length >= 2
        ? 200
        : 500;
    });
    const topic = await createTopic(sns, "retried");
    const SubscriptionArn = await subscribe(sns, topic, "http", flaky.url);
    const confirmation = await confirmationOf(flaky);
    await fetch(confirmation.json!.SubscribeURL as string);
    // Two immediate retries, then one a second later: four attempts in all.
    await sns.send(
      new SetSubscriptionAttributesCommand({
        SubscriptionArn,
        AttributeName: "DeliveryPolicy",
        AttributeValue: JSON.stringify({
          healthyRetryPolicy: { numRetries: 3, numNoDelayRetries: 2, minDelayTarget: 1, maxDelayTarget: 1 },
        }),
      }),
    );

    // Fails twice, then the second immediate retry gets through.
    const ok = await sns.send(new PublishCommand({ TopicArn: topic, Message: "eventually" }));
    await eventually(async () => {
      const attempts = flaky.received.filter((r) => r.json?.MessageId === ok.MessageId);
      expect(attempts).toHaveLength(3);
    }, 10_000);

    // Always failing: the first attempt and three retries, then a failed delivery.
    const doomed = await sns.send(new PublishCommand({ TopicArn: topic, Message: "never" }));
    const [failure] = await eventually(async () => {
      const found = (await failedDeliveries({ subscriptionArn: SubscriptionArn })).filter(
        (f) => f.messageId === doomed.MessageId,
      );
      expect(found).toHaveLength(1);
      return found;
    }, 15_000);
    expect(failure).toMatchObject({ protocol: "http", attempts: 4, reason: "HTTP 500", endpoint: flaky.url });
    const attempts = flaky.received.filter((r) => r.json?.MessageId === doomed.MessageId);
    expect(attempts).toHaveLength(4);
    // Every attempt is the same signed message.
    expect(new Set(attempts.map((a) => a.body)).size).toBe(1);
    expect(
      (await failedDeliveries({ subscriptionArn: SubscriptionArn })).map((f) => f.messageId),
    ).not.toContain(ok.MessageId);
  });
});

describe("email subscribers and the local inbox", () => {
  it("get a confirmation request with a working link, and notifications only once confirmed", async () => {
    const topic = await createTopic(sns, "to-email", { Attributes: { DisplayName: "Darkroom" } });
    const address = `${uniqueName("user")}@example.com`;
    const SubscriptionArn = await subscribe(sns, topic, "email", address);
    const [request, ...others] = await inbox({ subscriptionArn: SubscriptionArn });
    expect(others).toEqual([]);
    expect(request).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      type: "SubscriptionConfirmation",
      topicArn: topic,
      subscriptionArn: SubscriptionArn,
      protocol: "email",
      endpoint: address,
      subject: "AWS Notification - Subscription Confirmation",
      body: expect.stringContaining(`You have chosen to subscribe to the topic: \n${topic}\n`),
      timestamp: expect.any(String),
    });
    const link = /^(http:\/\/\S+\/_darkroom\/sns\/confirm\?\S+)$/m.exec(request!.body)![1]!;
    expect(link.startsWith(`${emulatorUrl()}/_darkroom/sns/confirm?TopicArn=${topic}&Token=`)).toBe(true);

    await sns.send(new PublishCommand({ TopicArn: topic, Message: "before confirming" }));
    expect((await inbox({ subscriptionArn: SubscriptionArn })).map((m) => m.type)).toEqual([
      "SubscriptionConfirmation",
    ]);

    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Subscription confirmed!");
    const attrs = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }));
    expect(attrs.Attributes).toMatchObject({ PendingConfirmation: "false" });

    const published = await sns.send(
      new PublishCommand({ TopicArn: topic, Subject: "Job done", Message: "All 12 images processed." }),
    );
    const withoutSubject = await sns.send(
      new PublishCommand({ TopicArn: topic, Message: "No subject here." }),
    );
    const mail = (await inbox({ subscriptionArn: SubscriptionArn })).filter((m) => m.type === "Notification");
    expect(mail.map((m) => [m.id, m.subject])).toEqual([
      [published.MessageId, "Job done"],
      [withoutSubject.MessageId, "AWS Notification Message"],
    ]);
    const unsubscribeLink = `${emulatorUrl()}/_darkroom/sns/unsubscribe?SubscriptionArn=${SubscriptionArn}&Endpoint=${encodeURIComponent(address)}`;
    expect(mail[0]!.body).toBe(
      [
        "All 12 images processed.",
        "",
        "--",
        "If you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:",
        unsubscribeLink,
        "",
        "Please do not reply directly to this email. If you have any questions or comments regarding this email, please contact us at https://aws.amazon.com/support",
      ].join("\n"),
    );

    const gone = await fetch(unsubscribeLink);
    expect(gone.status).toBe(200);
    await expectAwsError(
      sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn })),
      "NotFound",
      404,
    );
  });

  it("email-json subscribers get JSON envelopes, confirmed through SubscribeURL", async () => {
    const topic = await createTopic(sns, "to-email-json");
    const SubscriptionArn = await subscribe(sns, topic, "email-json", `${uniqueName("json")}@example.com`);
    const [request] = await inbox({ subscriptionArn: SubscriptionArn });
    const envelope = JSON.parse(request!.body) as Record<string, unknown>;
    expect(envelope).toMatchObject({ Type: "SubscriptionConfirmation", TopicArn: topic });
    expect(await signatureIsValid(envelope)).toBe(true);
    expect((await fetch(envelope.SubscribeURL as string)).status).toBe(200);
    const published = await sns.send(new PublishCommand({ TopicArn: topic, Message: "as json" }));
    const [notification] = (await inbox({ subscriptionArn: SubscriptionArn })).filter(
      (m) => m.type === "Notification",
    );
    expect(JSON.parse(notification!.body)).toMatchObject({
      Type: "Notification",
      MessageId: published.MessageId,
      Message: "as json",
      UnsubscribeURL: `${emulatorUrl()}/?Action=Unsubscribe&SubscriptionArn=${SubscriptionArn}`,
    });
  });

  it("filters by topic, subscription, protocol and time, and can be cleared", async () => {
    const topic = await createTopic(sns, "inbox-filters");
    const phone = `+1555060${String(Math.floor(Math.random() * 10000)).padStart(4, "0")}`;
    const SubscriptionArn = await subscribe(sns, topic, "sms", phone);
    await sns.send(new PublishCommand({ TopicArn: topic, Message: "first" }));
    const [first] = await inbox({ topicArn: topic });
    const marker = randomUUID();
    await eventually(async () => expect(Date.now()).toBeGreaterThan(Date.parse(first!.timestamp)));
    const since = Date.now();
    await sns.send(new PublishCommand({ TopicArn: topic, Message: marker }));
    expect((await inbox({ topicArn: topic, since: String(since) })).map((m) => m.body)).toEqual([marker]);
    expect(
      (await inbox({ topicArn: topic, since: new Date(since).toISOString() })).map((m) => m.body),
    ).toEqual([marker]);
    expect((await inbox({ topicArn: topic, protocol: "email" })).length).toBe(0);
    const bad = await fetch(`${emulatorUrl()}/_darkroom/sns/messages?since=yesterday`);
    expect(bad.status).toBe(400);

    const cleared = await fetch(
      `${emulatorUrl()}/_darkroom/sns/messages?${new URLSearchParams({ subscriptionArn: SubscriptionArn })}`,
      { method: "DELETE" },
    );
    expect(await cleared.json()).toEqual({ deleted: 2 });
    expect(await inbox({ topicArn: topic })).toEqual([]);
  });
});
