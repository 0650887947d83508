import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListTagsForResourceCommand,
  ListTopicsCommand,
  PublishCommand,
  SetTopicAttributesCommand,
  SubscribeCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from "@aws-sdk/client-sns";
import { describe, expect, it, onTestFinished } from "vitest";
import { startEmulator } from "../src/index.ts";
import { uniqueName } from "./support/clients.ts";
import { expectAwsError } from "./support/expect-aws-error.ts";
import { ACCOUNT, createTopic, snsClient } from "./support/sns.ts";

const sns = snsClient();

function defaultPolicy(topicArn: string) {
  return {
    Version: "2008-10-17",
    Id: "__default_policy_ID",
    Statement: [
      {
        Sid: "__default_statement_ID",
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: [
          "SNS:GetTopicAttributes",
          "SNS:SetTopicAttributes",
          "SNS:AddPermission",
          "SNS:RemovePermission",
          "SNS:DeleteTopic",
          "SNS:Subscribe",
          "SNS:ListSubscriptionsByTopic",
          "SNS:Publish",
        ],
        Resource: topicArn,
        Condition: { StringEquals: { "AWS:SourceOwner": ACCOUNT } },
      },
    ],
  };
}

const DEFAULT_EFFECTIVE = {
  http: {
    defaultHealthyRetryPolicy: {
      minDelayTarget: 20,
      maxDelayTarget: 20,
      numRetries: 3,
      numMaxDelayRetries: 0,
      numNoDelayRetries: 0,
      numMinDelayRetries: 0,
      backoffFunction: "linear",
    },
    disableSubscriptionOverrides: false,
    defaultRequestPolicy: { headerContentType: "text/plain; charset=UTF-8" },
  },
};

async function attributes(topicArn: string): Promise<Record<string, string>> {
  return (await sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }))).Attributes ?? {};
}

async function setAttribute(topicArn: string, name: string, value: string | undefined) {
  await sns.send(
    new SetTopicAttributesCommand({ TopicArn: topicArn, AttributeName: name, AttributeValue: value }),
  );
}

describe("CreateTopic", () => {
  it("creates a topic with the ARN of the caller's account and region, and reports AWS's default attributes", async () => {
    const name = uniqueName("created");
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
    expect(TopicArn).toBe(`arn:aws:sns:us-east-1:${ACCOUNT}:${name}`);
    const attrs = await attributes(TopicArn!);
    expect(JSON.parse(attrs.Policy!)).toEqual(defaultPolicy(TopicArn!));
    expect(JSON.parse(attrs.EffectiveDeliveryPolicy!)).toEqual(DEFAULT_EFFECTIVE);
    const { Policy: _p, EffectiveDeliveryPolicy: _e, ...rest } = attrs;
    expect(rest).toEqual({
      Owner: ACCOUNT,
      TopicArn,
      DisplayName: "",
      SubscriptionsConfirmed: "0",
      SubscriptionsPending: "0",
      SubscriptionsDeleted: "0",
    });
  });

  it("is idempotent for the same name and attributes, and refuses different attributes or tags", async () => {
    const name = uniqueName("idem");
    const Attributes = { DisplayName: "Alerts" };
    const Tags = [{ Key: "team", Value: "imaging" }];
    const first = await sns.send(new CreateTopicCommand({ Name: name, Attributes, Tags }));
    const again = await sns.send(new CreateTopicCommand({ Name: name, Attributes, Tags }));
    expect(again.TopicArn).toBe(first.TopicArn);
    // Fewer attributes, or none, ask for nothing different.
    expect((await sns.send(new CreateTopicCommand({ Name: name }))).TopicArn).toBe(first.TopicArn);
    await expectAwsError(
      sns.send(new CreateTopicCommand({ Name: name, Attributes: { DisplayName: "Other" } })),
      "InvalidParameter",
      400,
      "Invalid parameter: Attributes Reason: Topic already exists with different attributes",
    );
    await expectAwsError(
      sns.send(new CreateTopicCommand({ Name: name, Attributes: { ...Attributes, SignatureVersion: "2" } })),
      "InvalidParameter",
      400,
      "Invalid parameter: Attributes Reason: Topic already exists with different attributes",
    );
    await expectAwsError(
      sns.send(new CreateTopicCommand({ Name: name, Tags: [...Tags, { Key: "more", Value: "x" }] })),
      "InvalidParameter",
      400,
      "Invalid parameter: Tags Reason: Topic already exists with different tags",
    );
  });

  it("checks topic names as SNS does", async () => {
    const ok = "a".repeat(256);
    await sns.send(new CreateTopicCommand({ Name: ok }));
    onTestFinished(async () => {
      await sns.send(new DeleteTopicCommand({ TopicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:${ok}` }));
    });
    for (const Name of ["", "a".repeat(257), "with space", "dots.are.out", "name.fifo", "slash/no"]) {
      await expectAwsError(
        sns.send(new CreateTopicCommand({ Name })),
        "InvalidParameter",
        400,
        "Invalid parameter: Topic Name",
      );
    }
    // A FIFO topic's name ends in .fifo.
    await expectAwsError(
      sns.send(new CreateTopicCommand({ Name: uniqueName("nofifo"), Attributes: { FifoTopic: "true" } })),
      "InvalidParameter",
      400,
      "Invalid parameter: Topic Name",
    );
  });

  it("creates FIFO topics, which report FifoTopic and ContentBasedDeduplication", async () => {
    const arn = await createTopic(sns, "orders", {
      Name: `${uniqueName("orders")}.fifo`,
      Attributes: { FifoTopic: "true", ContentBasedDeduplication: "true" },
    });
    const attrs = await attributes(arn);
    expect(attrs).toMatchObject({ FifoTopic: "true", ContentBasedDeduplication: "true" });
    await setAttribute(arn, "ContentBasedDeduplication", "false");
    expect((await attributes(arn)).ContentBasedDeduplication).toBe("false");
    const standard = await createTopic(sns);
    expect(await attributes(standard)).not.toHaveProperty("FifoTopic");
  });
});

describe("GetTopicAttributes and SetTopicAttributes", () => {
  it("round-trips the attributes SNS lets callers set", async () => {
    const arn = await createTopic(sns);
    const policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Sid: "p", Effect: "Allow", Principal: { AWS: ACCOUNT }, Action: "SNS:Publish", Resource: arn },
      ],
    });
    const delivery = JSON.stringify({
      http: { defaultHealthyRetryPolicy: { minDelayTarget: 5, maxDelayTarget: 6, numRetries: 1 } },
    });
    await setAttribute(arn, "Policy", policy);
    await setAttribute(arn, "DisplayName", "Darkroom");
    await setAttribute(arn, "DeliveryPolicy", delivery);
    await setAttribute(arn, "KmsMasterKeyId", "alias/aws/sns");
    await setAttribute(arn, "SignatureVersion", "2");
    await setAttribute(arn, "TracingConfig", "Active");
    await setAttribute(arn, "LambdaSuccessFeedbackSampleRate", "50");
    const attrs = await attributes(arn);
    expect(attrs).toMatchObject({
      Policy: policy,
      DisplayName: "Darkroom",
      DeliveryPolicy: delivery,
      KmsMasterKeyId: "alias/aws/sns",
      SignatureVersion: "2",
      TracingConfig: "Active",
      LambdaSuccessFeedbackSampleRate: "50",
    });
    // The effective policy fills in what the topic's leaves out.
    expect(JSON.parse(attrs.EffectiveDeliveryPolicy!)).toEqual({
      http: {
        ...DEFAULT_EFFECTIVE.http,
        defaultHealthyRetryPolicy: {
          ...DEFAULT_EFFECTIVE.http.defaultHealthyRetryPolicy,
          minDelayTarget: 5,
          maxDelayTarget: 6,
          numRetries: 1,
        },
      },
    });

    // An empty value removes DeliveryPolicy and KmsMasterKeyId.
    await setAttribute(arn, "DeliveryPolicy", "");
    await setAttribute(arn, "KmsMasterKeyId", "");
    const after = await attributes(arn);
    expect(after).not.toHaveProperty("DeliveryPolicy");
    expect(after).not.toHaveProperty("KmsMasterKeyId");
    expect(JSON.parse(after.EffectiveDeliveryPolicy!)).toEqual(DEFAULT_EFFECTIVE);
  });

  it("refuses unknown or fixed attributes and bad values", async () => {
    const arn = await createTopic(sns);
    await expectAwsError(
      setAttribute(arn, "NoSuchThing", "x"),
      "InvalidParameter",
      400,
      "Invalid parameter: AttributeName",
    );
    await expectAwsError(
      setAttribute(arn, "FifoTopic", "false"),
      "InvalidParameter",
      400,
      "Invalid parameter: AttributeName",
    );
    await expectAwsError(
      setAttribute(arn, "SignatureVersion", "3"),
      "InvalidParameter",
      400,
      /^Invalid parameter: SignatureVersion/,
    );
    await expectAwsError(
      setAttribute(arn, "Policy", "{not json"),
      "InvalidParameter",
      400,
      /^Invalid parameter: Policy Error:/,
    );
    await expectAwsError(
      setAttribute(
        arn,
        "DeliveryPolicy",
        JSON.stringify({ http: { defaultHealthyRetryPolicy: { numRetries: 101 } } }),
      ),
      "InvalidParameter",
      400,
      /^Invalid parameter: DeliveryPolicy: .*numRetries/,
    );
    await expectAwsError(
      setAttribute(arn, "ContentBasedDeduplication", "true"),
      "InvalidParameter",
      400,
      /^Invalid parameter: ContentBasedDeduplication/,
    );
  });

  it("answers NotFound for a missing topic and InvalidParameter for a malformed or other-region ARN", async () => {
    await expectAwsError(
      sns.send(
        new GetTopicAttributesCommand({ TopicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:${uniqueName("none")}` }),
      ),
      "NotFound",
      404,
      "Topic does not exist",
    );
    await expectAwsError(
      sns.send(new GetTopicAttributesCommand({ TopicArn: "test-topic" })),
      "InvalidParameter",
      400,
      "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1",
    );
    const arn = await createTopic(sns);
    await expectAwsError(
      sns.send(new GetTopicAttributesCommand({ TopicArn: arn.replace("us-east-1", "eu-west-1") })),
      "InvalidParameter",
      400,
      "Invalid parameter: TopicArn",
    );
  });

  it("counts confirmed, pending and deleted subscriptions", async () => {
    const arn = await createTopic(sns);
    await sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: "sms", Endpoint: "+15550100001" }));
    const sms = await sns.send(
      new SubscribeCommand({
        TopicArn: arn,
        Protocol: "sms",
        Endpoint: "+15550100002",
        ReturnSubscriptionArn: true,
      }),
    );
    await sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: "email", Endpoint: "a@example.com" }));
    const { UnsubscribeCommand } = await import("@aws-sdk/client-sns");
    await sns.send(new UnsubscribeCommand({ SubscriptionArn: sms.SubscriptionArn }));
    expect(await attributes(arn)).toMatchObject({
      SubscriptionsConfirmed: "1",
      SubscriptionsPending: "1",
      SubscriptionsDeleted: "1",
    });
  });
});

describe("DeleteTopic", () => {
  it("deletes the topic and its subscriptions, and succeeds for a topic that does not exist", async () => {
    const arn = await createTopic(sns);
    const sub = await sns.send(
      new SubscribeCommand({
        TopicArn: arn,
        Protocol: "sms",
        Endpoint: "+15550100003",
        ReturnSubscriptionArn: true,
      }),
    );
    await sns.send(new DeleteTopicCommand({ TopicArn: arn }));
    await expectAwsError(sns.send(new GetTopicAttributesCommand({ TopicArn: arn })), "NotFound", 404);
    await expectAwsError(
      sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: sub.SubscriptionArn })),
      "NotFound",
      404,
      "Subscription does not exist",
    );
    await expectAwsError(sns.send(new PublishCommand({ TopicArn: arn, Message: "x" })), "NotFound", 404);
    await sns.send(new DeleteTopicCommand({ TopicArn: arn }));
  });
});

describe("ListTopics", () => {
  it("pages 100 topics at a time with NextToken", async () => {
    const emulator = await startEmulator({ port: 0, persist: false });
    const client = snsClient(emulator.url);
    onTestFinished(async () => {
      client.destroy();
      await emulator.stop();
    });
    const created: string[] = [];
    for (let i = 0; i < 205; i++) {
      created.push(
        (await client.send(new CreateTopicCommand({ Name: `t-${String(i).padStart(3, "0")}` }))).TopicArn!,
      );
    }
    const pages: string[][] = [];
    let NextToken: string | undefined;
    do {
      const out = await client.send(new ListTopicsCommand({ NextToken }));
      pages.push((out.Topics ?? []).map((t) => t.TopicArn!));
      NextToken = out.NextToken;
      if (pages.length > 5) throw new Error("still paging after 5 pages");
    } while (NextToken);
    expect(pages.map((p) => p.length)).toEqual([100, 100, 5]);
    expect(pages.flat().sort()).toEqual(created.sort());
    await expectAwsError(
      client.send(new ListTopicsCommand({ NextToken: "garbage" })),
      "InvalidParameter",
      400,
    );
  });
});

describe("tags", () => {
  it("tags, lists and untags a topic, keeping each key's place", async () => {
    const arn = await createTopic(sns, "tagged", { Tags: [{ Key: "k1", Value: "v1" }] });
    await sns.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: "k2", Value: "v2" }] }));
    await sns.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: "k1", Value: "v1b" }] }));
    expect((await sns.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual([
      { Key: "k1", Value: "v1b" },
      { Key: "k2", Value: "v2" },
    ]);
    await sns.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ["k1"] }));
    expect((await sns.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual([
      { Key: "k2", Value: "v2" },
    ]);
  });

  it("refuses duplicate keys, too many tags and unknown resources", async () => {
    const arn = await createTopic(sns);
    await expectAwsError(
      sns.send(
        new TagResourceCommand({
          ResourceArn: arn,
          Tags: [
            { Key: "k", Value: "1" },
            { Key: "k", Value: "2" },
          ],
        }),
      ),
      "InvalidParameter",
      400,
      "Invalid parameter: Duplicated keys are not allowed.",
    );
    const many = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
    await expectAwsError(
      sns.send(new TagResourceCommand({ ResourceArn: arn, Tags: many })),
      "TagLimitExceeded",
      400,
    );
    await expectAwsError(
      sns.send(new ListTagsForResourceCommand({ ResourceArn: `${arn}-gone` })),
      "ResourceNotFound",
      404,
      "Resource does not exist",
    );
  });
});

describe("another account", () => {
  it("may use a topic only where the topic's policy allows it", async () => {
    const other = { accessKeyId: "AKIDSNSOTHER", secretAccessKey: "other-secret" };
    const emulator = await startEmulator({
      port: 0,
      persist: false,
      credentials: [{ ...other, accountId: "111111111111" }],
    });
    const owner = snsClient(emulator.url);
    const stranger = snsClient(emulator.url, { credentials: other });
    onTestFinished(async () => {
      owner.destroy();
      stranger.destroy();
      await emulator.stop();
    });
    const arn = await createTopic(owner);
    const err = await expectAwsError(
      stranger.send(new PublishCommand({ TopicArn: arn, Message: "hello" })),
      "AuthorizationError",
      403,
    );
    expect(err.message).toBe(
      `User: arn:aws:iam::111111111111:root is not authorized to perform: SNS:Publish on resource: ${arn} because no resource-based policy allows the SNS:Publish action`,
    );
    await owner.send(
      new SetTopicAttributesCommand({
        TopicArn: arn,
        AttributeName: "Policy",
        AttributeValue: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Principal: { AWS: "111111111111" }, Action: "sns:Publish", Resource: arn },
          ],
        }),
      }),
    );
    expect(
      (await stranger.send(new PublishCommand({ TopicArn: arn, Message: "hello" }))).MessageId,
    ).toBeTruthy();
    await expectAwsError(
      stranger.send(new GetTopicAttributesCommand({ TopicArn: arn })),
      "AuthorizationError",
      403,
    );
  });
});
