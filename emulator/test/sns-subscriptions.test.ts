import {
  ConfirmSubscriptionCommand,
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListSubscriptionsCommand,
  SetSubscriptionAttributesCommand,
  SubscribeCommand,
  UnsubscribeCommand,
} from "@aws-sdk/client-sns";
import { describe, expect, it, onTestFinished } from "vitest";
import { startEmulator } from "../src/index.ts";
import { expectAwsError } from "./support/expect-aws-error.ts";
import { ACCOUNT, createTopic, inbox, snsClient, subscribe } from "./support/sns.ts";

const sns = snsClient();
const FUNCTION_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:sns-subscriber`;

async function attributes(SubscriptionArn: string): Promise<Record<string, string>> {
  return (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes ?? {};
}

function setAttribute(SubscriptionArn: string, AttributeName: string, AttributeValue: string | undefined) {
  return sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName, AttributeValue }));
}

describe("Subscribe", () => {
  it("confirms Lambda and SMS subscriptions at once, with AWS's attributes", async () => {
    const topic = await createTopic(sns);
    const lambda = await subscribe(sns, topic, "lambda", FUNCTION_ARN);
    expect(lambda).toMatch(new RegExp(`^${topic}:[0-9a-f-]{36}$`));
    expect(await attributes(lambda)).toEqual({
      ConfirmationWasAuthenticated: "true",
      Endpoint: FUNCTION_ARN,
      Owner: ACCOUNT,
      PendingConfirmation: "false",
      Protocol: "lambda",
      RawMessageDelivery: "false",
      SubscriptionArn: lambda,
      SubscriptionPrincipal: `arn:aws:iam::${ACCOUNT}:root`,
      TopicArn: topic,
    });
    const sms = await subscribe(sns, topic, "sms", "+15550100100");
    expect(await attributes(sms)).toMatchObject({ PendingConfirmation: "false", Protocol: "sms" });
  });

  it("leaves email and HTTP subscriptions pending, answering 'pending confirmation' unless asked for the ARN", async () => {
    const topic = await createTopic(sns);
    const plain = await sns.send(
      new SubscribeCommand({ TopicArn: topic, Protocol: "email", Endpoint: "pending@example.com" }),
    );
    expect(plain.SubscriptionArn).toBe("pending confirmation");
    const arn = await subscribe(sns, topic, "email", "pending@example.com");
    expect(arn).toMatch(new RegExp(`^${topic}:`));
    expect(await attributes(arn)).toMatchObject({
      PendingConfirmation: "true",
      ConfirmationWasAuthenticated: "false",
    });
    const listed = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic }));
    expect(listed.Subscriptions).toEqual([
      {
        SubscriptionArn: "PendingConfirmation",
        Owner: ACCOUNT,
        Protocol: "email",
        Endpoint: "pending@example.com",
        TopicArn: topic,
      },
    ]);
  });

  it("is idempotent for the same endpoint, and refuses different attributes", async () => {
    const topic = await createTopic(sns);
    const first = await subscribe(sns, topic, "sms", "+15550100101", { RawMessageDelivery: "false" });
    expect(await subscribe(sns, topic, "sms", "+15550100101")).toBe(first);
    expect(await subscribe(sns, topic, "sms", "+15550100101", { RawMessageDelivery: "false" })).toBe(first);
    await expectAwsError(
      subscribe(sns, topic, "sms", "+15550100101", { FilterPolicy: '{"a":["b"]}' }),
      "InvalidParameter",
      400,
      "Invalid parameter: Attributes Reason: Subscription already exists with different attributes",
    );
  });

  it("checks the protocol, the endpoint and the attributes", async () => {
    const topic = await createTopic(sns);
    await expectAwsError(
      subscribe(sns, topic, "test-protocol", "x"),
      "InvalidParameter",
      400,
      "Invalid parameter: Amazon SNS does not support this protocol string: test-protocol",
    );
    for (const bad of ["+15--551234567", "NAA+15551234567", "+15551234567.", "/+15551234567"]) {
      await expectAwsError(
        subscribe(sns, topic, "sms", bad),
        "InvalidParameter",
        400,
        `Invalid SMS endpoint: ${bad}`,
      );
    }
    await expectAwsError(
      subscribe(sns, topic, "https", "http://127.0.0.1:9/hook"),
      "InvalidParameter",
      400,
      "Invalid parameter: Endpoint must match the specified protocol",
    );
    await expectAwsError(
      subscribe(sns, topic, "sqs", "https://sqs/queue"),
      "InvalidParameter",
      400,
      "Invalid parameter: SQS endpoint ARN",
    );
    await expectAwsError(
      subscribe(sns, topic, "sms", "+15550100102", { RawMessageDelivery: "wrongvalue" }),
      "InvalidParameter",
      400,
      "Invalid parameter: Attributes Reason: RawMessageDelivery: Invalid value [wrongvalue]. Must be true or false.",
    );
    await expectAwsError(
      subscribe(sns, topic, "lambda", FUNCTION_ARN, { RawMessageDelivery: "true" }),
      "InvalidParameter",
      400,
      "Invalid parameter: Attributes Reason: Delivery protocol [lambda] does not support raw message delivery.",
    );
    await expectAwsError(
      subscribe(sns, topic, "sms", "+15550100103", { FilterPolicy: "invalid" }),
      "InvalidParameter",
      400,
      /^Invalid parameter: Attributes Reason: FilterPolicy: failed to parse JSON\./,
    );
    await expectAwsError(
      subscribe(sns, `arn:aws:sns:us-east-1:${ACCOUNT}:no-such-topic`, "sms", "+15550100104"),
      "NotFound",
      404,
      "Topic does not exist",
    );
    await expectAwsError(
      subscribe(sns, "arn:aws:sns:us-east-1:random", "sms", "+15550100104"),
      "InvalidParameter",
      400,
      "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 5",
    );
  });
});

describe("subscription attributes", () => {
  it("round-trips FilterPolicy, FilterPolicyScope, RawMessageDelivery, RedrivePolicy and DeliveryPolicy", async () => {
    const topic = await createTopic(sns);
    const sub = await subscribe(sns, topic, "https", "https://127.0.0.1:9/hook");
    const filter = JSON.stringify({ attr1: [{ numeric: [">", 0, "<=", 100] }] });
    await setAttribute(sub, "FilterPolicy", filter);
    await setAttribute(sub, "RawMessageDelivery", "TRUE");
    const redrive = JSON.stringify({ deadLetterTargetArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:dlq` });
    await setAttribute(sub, "RedrivePolicy", redrive);
    await setAttribute(
      sub,
      "DeliveryPolicy",
      JSON.stringify({ healthyRetryPolicy: { minDelayTarget: 1, maxDelayTarget: 1, numRetries: 0 } }),
    );
    const attrs = await attributes(sub);
    expect(attrs).toMatchObject({
      FilterPolicy: filter,
      FilterPolicyScope: "MessageAttributes",
      RawMessageDelivery: "true",
      RedrivePolicy: redrive,
      PendingConfirmation: "true",
    });
    const retry = {
      minDelayTarget: 1,
      maxDelayTarget: 1,
      numRetries: 0,
      numMaxDelayRetries: 0,
      numNoDelayRetries: 0,
      numMinDelayRetries: 0,
      backoffFunction: "linear",
    };
    expect(JSON.parse(attrs.DeliveryPolicy!)).toEqual({
      healthyRetryPolicy: retry,
      sicklyRetryPolicy: null,
      throttlePolicy: null,
      requestPolicy: null,
      guaranteed: false,
    });
    expect(JSON.parse(attrs.EffectiveDeliveryPolicy!)).toEqual({
      healthyRetryPolicy: retry,
      sicklyRetryPolicy: null,
      throttlePolicy: null,
      requestPolicy: { headerContentType: "text/plain; charset=UTF-8" },
      guaranteed: false,
    });

    // The scope can move to MessageBody, where nested policies are allowed, but not back while one is set.
    await setAttribute(sub, "FilterPolicyScope", "MessageBody");
    await setAttribute(sub, "FilterPolicy", JSON.stringify({ object: { key: [{ prefix: "auto-" }] } }));
    expect(await attributes(sub)).toMatchObject({ FilterPolicyScope: "MessageBody" });
    await expectAwsError(
      setAttribute(sub, "FilterPolicyScope", "MessageAttributes"),
      "InvalidParameter",
      400,
      "Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy",
    );

    // {} and empty values remove what they name.
    await setAttribute(sub, "FilterPolicy", "{}");
    await setAttribute(sub, "RedrivePolicy", undefined);
    const cleared = await attributes(sub);
    expect(cleared).not.toHaveProperty("FilterPolicy");
    expect(cleared).not.toHaveProperty("FilterPolicyScope");
    expect(cleared).not.toHaveProperty("RedrivePolicy");
  });

  it("refuses bad names and values with SNS's messages", async () => {
    const topic = await createTopic(sns);
    const sub = await subscribe(sns, topic, "sms", "+15550100105");
    await expectAwsError(
      setAttribute(sub, "FakeAttribute", "x"),
      "InvalidParameter",
      400,
      "Invalid parameter: AttributeName",
    );
    await expectAwsError(
      setAttribute(sub, "RawMessageDelivery", "test-ValUe"),
      "InvalidParameter",
      400,
      "Invalid parameter: RawMessageDelivery: Invalid value [test-ValUe]. Must be true or false.",
    );
    await expectAwsError(
      setAttribute(sub, "RedrivePolicy", JSON.stringify({ deadLetterTargetArn: "not-an-arn" })),
      "InvalidParameter",
      400,
      "Invalid parameter: RedrivePolicy: deadLetterTargetArn is an invalid arn",
    );
    await expectAwsError(
      setAttribute(sub, "FilterPolicy", "{invalid"),
      "InvalidParameter",
      400,
      /^Invalid parameter: FilterPolicy: failed to parse JSON\./,
    );
    await expectAwsError(
      setAttribute(sub, "FilterPolicyScope", "RandomValue"),
      "InvalidParameter",
      400,
      "Invalid parameter: FilterPolicyScope: Invalid value [RandomValue]. Please use either MessageBody or MessageAttributes",
    );
    await expectAwsError(
      setAttribute(`${topic}:00000000-0000-0000-0000-000000000000`, "RawMessageDelivery", "true"),
      "NotFound",
      404,
      "Subscription does not exist",
    );
  });
});

describe("ConfirmSubscription", () => {
  it("confirms with the token from the confirmation message, authenticated", async () => {
    const topic = await createTopic(sns);
    const sub = await subscribe(sns, topic, "email", "confirm@example.com");
    const [request] = await inbox({ subscriptionArn: sub });
    const token = /Token=([0-9a-f]+)/.exec(request!.body)![1]!;
    const out = await sns.send(new ConfirmSubscriptionCommand({ TopicArn: topic, Token: token }));
    expect(out.SubscriptionArn).toBe(sub);
    expect(await attributes(sub)).toMatchObject({
      PendingConfirmation: "false",
      ConfirmationWasAuthenticated: "true",
    });
    // Confirming again changes nothing.
    expect(
      (await sns.send(new ConfirmSubscriptionCommand({ TopicArn: topic, Token: token }))).SubscriptionArn,
    ).toBe(sub);
  });

  it("refuses malformed and unknown tokens and topics", async () => {
    const topic = await createTopic(sns);
    const unknown =
      "51b2ff3edb475b7d91550e0ab6edf0c1de2a34e6ebaf6c2262a001bcb7e051c43aa00022ceecce70bd2a67b2042da8d8";
    await expectAwsError(
      sns.send(new ConfirmSubscriptionCommand({ TopicArn: topic, Token: "randomtoken" })),
      "InvalidParameter",
      400,
      "Invalid token",
    );
    await expectAwsError(
      sns.send(new ConfirmSubscriptionCommand({ TopicArn: topic, Token: unknown })),
      "InvalidParameter",
      400,
      "Invalid parameter: Token",
    );
    await expectAwsError(
      sns.send(new ConfirmSubscriptionCommand({ TopicArn: "not-an-arn", Token: unknown })),
      "InvalidParameter",
      400,
      "Invalid parameter: Topic",
    );
  });
});

describe("Unsubscribe", () => {
  it("removes a subscription, is idempotent, and checks the ARN's form", async () => {
    const topic = await createTopic(sns);
    const sub = await subscribe(sns, topic, "sms", "+15550100106");
    await sns.send(new UnsubscribeCommand({ SubscriptionArn: sub }));
    await sns.send(new UnsubscribeCommand({ SubscriptionArn: sub }));
    await expectAwsError(
      sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: sub })),
      "NotFound",
      404,
    );
    await expectAwsError(
      sns.send(new UnsubscribeCommand({ SubscriptionArn: "randomstring" })),
      "InvalidParameter",
      400,
      "Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 1",
    );
    await expectAwsError(
      sns.send(new UnsubscribeCommand({ SubscriptionArn: `arn:aws:sns:us-east-1:${ACCOUNT}:random` })),
      "InvalidParameter",
      400,
      "Invalid parameter: SubscriptionId",
    );
    await expectAwsError(
      sns.send(new UnsubscribeCommand({ SubscriptionArn: undefined })),
      "InvalidParameter",
      400,
      "Invalid parameter: SubscriptionArn Reason: no value for required parameter",
    );
  });
});

describe("ListSubscriptions and ListSubscriptionsByTopic", () => {
  it("page 100 at a time, across topics and per topic", async () => {
    const emulator = await startEmulator({ port: 0, persist: false });
    const client = snsClient(emulator.url);
    onTestFinished(async () => {
      client.destroy();
      await emulator.stop();
    });
    const a = await createTopic(client, "a");
    const b = await createTopic(client, "b");
    const created: string[] = [];
    for (let i = 0; i < 150; i++) {
      const out = await client.send(
        new SubscribeCommand({
          TopicArn: i % 3 === 0 ? b : a,
          Protocol: "sms",
          Endpoint: `+1555020${String(i).padStart(4, "0")}`,
        }),
      );
      created.push(out.SubscriptionArn!);
    }

    async function all(
      list: (
        token: string | undefined,
      ) => Promise<{ Subscriptions?: { SubscriptionArn?: string }[]; NextToken?: string }>,
    ) {
      const sizes: number[] = [];
      const arns: string[] = [];
      let token: string | undefined;
      do {
        const out = await list(token);
        sizes.push(out.Subscriptions?.length ?? 0);
        arns.push(...(out.Subscriptions ?? []).map((s) => s.SubscriptionArn!));
        token = out.NextToken;
        if (sizes.length > 5) throw new Error("still paging after 5 pages");
      } while (token);
      return { sizes, arns };
    }

    const everything = await all((NextToken) => client.send(new ListSubscriptionsCommand({ NextToken })));
    expect(everything.sizes).toEqual([100, 50]);
    expect(everything.arns.sort()).toEqual([...created].sort());
    const ofA = await all((NextToken) =>
      client.send(new ListSubscriptionsByTopicCommand({ TopicArn: a, NextToken })),
    );
    expect(ofA.sizes).toEqual([100]);
    expect(ofA.arns.every((arn) => arn.startsWith(`${a}:`))).toBe(true);
    const ofB = await all((NextToken) =>
      client.send(new ListSubscriptionsByTopicCommand({ TopicArn: b, NextToken })),
    );
    expect(ofB.sizes).toEqual([50]);
  });
});
