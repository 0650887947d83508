import {
  ConfirmSubscriptionCommand,
  PublishBatchCommand,
  PublishCommand,
  type PublishCommandInput,
} from "@aws-sdk/client-sns";
import { describe, expect, it } from "vitest";
import { uniqueName } from "./support/clients.ts";
import { expectAwsError } from "./support/expect-aws-error.ts";
import { createTopic, type InboxMessage, inbox, snsClient, subscribe } from "./support/sns.ts";

const sns = snsClient();

function subscribeSms(TopicArn: string, Endpoint: string): Promise<string> {
  return subscribe(sns, TopicArn, "sms", Endpoint);
}

/** An email subscription, confirmed with the token its confirmation request carries. */
async function confirmedEmail(TopicArn: string, Endpoint: string, Protocol = "email"): Promise<string> {
  const subscriptionArn = await subscribe(sns, TopicArn, Protocol, Endpoint);
  const [request] = await inbox({ subscriptionArn });
  const token = /Token=([0-9a-f]+)/.exec(request!.body)![1]!;
  await sns.send(new ConfirmSubscriptionCommand({ TopicArn, Token: token }));
  return subscriptionArn;
}

function notifications(messages: InboxMessage[]): InboxMessage[] {
  return messages.filter((m) => m.type === "Notification");
}

describe("Publish", () => {
  it("answers a MessageId and delivers to every confirmed subscription", async () => {
    const topic = await createTopic(sns);
    const a = await subscribeSms(topic, "+15550400001");
    const b = await subscribeSms(topic, "+15550400002");
    const out = await sns.send(
      new PublishCommand({ TopicArn: topic, Message: "hello", Subject: "Greeting" }),
    );
    expect(out.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.SequenceNumber).toBeUndefined();
    for (const sub of [a, b]) {
      expect(await inbox({ subscriptionArn: sub })).toEqual([
        expect.objectContaining({
          id: out.MessageId,
          body: "hello",
          subject: null,
          protocol: "sms",
          topicArn: topic,
        }),
      ]);
    }
  });

  it("takes TargetArn for a topic, and PhoneNumber for one text message", async () => {
    const topic = await createTopic(sns);
    const sub = await subscribeSms(topic, "+15550400003");
    await sns.send(new PublishCommand({ TargetArn: topic, Message: "via target" }));
    expect((await inbox({ subscriptionArn: sub })).map((m) => m.body)).toEqual(["via target"]);

    const phone = `+1555041${String(Date.now() % 10000).padStart(4, "0")}`;
    const direct = await sns.send(new PublishCommand({ PhoneNumber: phone, Message: "one-time code 1234" }));
    const texts = (await inbox({ protocol: "sms" })).filter((m) => m.endpoint === phone);
    expect(texts).toEqual([
      expect.objectContaining({
        id: direct.MessageId,
        topicArn: null,
        subscriptionArn: null,
        body: "one-time code 1234",
      }),
    ]);
  });

  it("sends each protocol its own text with MessageStructure json", async () => {
    const topic = await createTopic(sns);
    const sms = await subscribeSms(topic, "+15550400004");
    const email = await confirmedEmail(topic, `${uniqueName("json")}@example.com`);
    const emailJson = await confirmedEmail(topic, `${uniqueName("json")}@example.com`, "email-json");
    await sns.send(
      new PublishCommand({
        TopicArn: topic,
        MessageStructure: "json",
        Subject: "Structured",
        Message: JSON.stringify({
          default: "fallback",
          sms: "short text",
          email: "long email text",
          lambda: 1,
        }),
      }),
    );
    expect(notifications(await inbox({ subscriptionArn: sms })).map((m) => m.body)).toEqual(["short text"]);
    const [mail] = notifications(await inbox({ subscriptionArn: email }));
    expect(mail!.subject).toBe("Structured");
    expect(mail!.body.startsWith("long email text\n\n--\n")).toBe(true);
    const [json] = notifications(await inbox({ subscriptionArn: emailJson }));
    expect(JSON.parse(json!.body)).toMatchObject({
      Type: "Notification",
      Message: "fallback",
      Subject: "Structured",
    });
  });

  it("refuses bad messages, subjects, structures and targets with SNS's errors", async () => {
    const topic = await createTopic(sns);
    const publish = (input: Partial<PublishCommandInput>) =>
      sns.send(new PublishCommand({ TopicArn: topic, Message: "m", ...input }));
    await expectAwsError(
      publish({ Message: "" }),
      "InvalidParameter",
      400,
      "Invalid parameter: Empty message",
    );
    await expectAwsError(publish({ Subject: "" }), "InvalidParameter", 400, "Invalid parameter: Subject");
    await expectAwsError(
      publish({ Subject: "two\nlines" }),
      "InvalidParameter",
      400,
      "Invalid parameter: Subject",
    );
    await expectAwsError(
      publish({ Message: "x".repeat(262_145) }),
      "InvalidParameter",
      400,
      "Invalid parameter: Message too long",
    );
    await expectAwsError(
      publish({ MessageStructure: "json", Message: JSON.stringify({ sms: "no default" }) }),
      "InvalidParameter",
      400,
      "Invalid parameter: Message Structure - No default entry in JSON message body",
    );
    await expectAwsError(
      publish({ MessageStructure: "json", Message: "{not json" }),
      "InvalidParameter",
      400,
      "Invalid parameter: Message Structure - JSON message body failed to parse",
    );
    await expectAwsError(
      publish({ MessageDeduplicationId: "d1" }),
      "InvalidParameter",
      400,
      "Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type",
    );
    await expectAwsError(
      sns.send(new PublishCommand({ PhoneNumber: "+1a234", Message: "m" })),
      "InvalidParameter",
      400,
      "Invalid parameter: PhoneNumber Reason: +1a234 is not valid to publish to",
    );
    await expectAwsError(
      sns.send(new PublishCommand({ TopicArn: "not-an-arn", Message: "m" })),
      "InvalidParameter",
      400,
      "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1",
    );
    await expectAwsError(
      sns.send(
        new PublishCommand({
          TargetArn: "arn:aws:sns:us-east-1:000000000000:endpoint/GCM/app/id",
          Message: "m",
        }),
      ),
      "InvalidParameter",
      400,
      "Invalid parameter: TargetArn Reason: No endpoint found for the target arn specified",
    );
  });

  it("validates message attributes as SNS does", async () => {
    const topic = await createTopic(sns);
    const withAttribute = (
      name: string,
      value: { DataType: string; StringValue?: string; BinaryValue?: Uint8Array },
    ) =>
      sns.send(new PublishCommand({ TopicArn: topic, Message: "m", MessageAttributes: { [name]: value } }));
    // Calls, not promises: made together, a later rejection would be unhandled while an earlier one is awaited.
    const cases: Array<[() => Promise<unknown>, string]> = [
      [
        () => withAttribute("attr1", { DataType: "String", StringValue: "" }),
        "The message attribute 'attr1' must contain non-empty message attribute value for message attribute type 'String'.",
      ],
      [
        () => withAttribute("attr1", { DataType: "String", BinaryValue: Buffer.from("x") }),
        "The message attribute 'attr1' with type 'String' must use field 'String'.",
      ],
      [
        () => withAttribute("attr1", { DataType: "Binary", StringValue: "x" }),
        "The message attribute 'attr1' with type 'Binary' must use field 'Binary'.",
      ],
      [
        () => withAttribute("attr1", { DataType: "Date", StringValue: "x" }),
        "The message attribute 'attr1' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.",
      ],
      [
        () => withAttribute("a^b", { DataType: "String", StringValue: "x" }),
        "Invalid non-alphanumeric character '#x5E' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots.",
      ],
      [
        () => withAttribute(".a", { DataType: "String", StringValue: "x" }),
        "Invalid message attribute name starting with character '.' was found.",
      ],
      [
        () => withAttribute("a..b", { DataType: "String", StringValue: "x" }),
        "Message attribute name can not have successive '.' character.",
      ],
      [
        () => withAttribute("a".repeat(257), { DataType: "String", StringValue: "x" }),
        "Length of message attribute name must be less than 256 bytes.",
      ],
    ];
    for (const [call, message] of cases) await expectAwsError(call(), "ParameterValueInvalid", 400, message);
    // Every type, including custom suffixes, is fine.
    const ok = await sns.send(
      new PublishCommand({
        TopicArn: topic,
        Message: "m",
        MessageAttributes: {
          s: { DataType: "String", StringValue: "x" },
          n: { DataType: "Number.float", StringValue: "1.5" },
          b: { DataType: "Binary", BinaryValue: Buffer.from([1, 2, 3]) },
          a: { DataType: "String.Array", StringValue: '["x", 1, true, null]' },
        },
      }),
    );
    expect(ok.MessageId).toBeTruthy();
  });
});

describe("FIFO topics", () => {
  it("need a group id and a deduplication id (or content-based deduplication), number messages, and drop duplicates", async () => {
    const name = `${uniqueName("fifo")}.fifo`;
    const topic = await createTopic(sns, "fifo", { Name: name, Attributes: { FifoTopic: "true" } });
    await expectAwsError(
      sns.send(new PublishCommand({ TopicArn: topic, Message: "m", MessageDeduplicationId: "d" })),
      "InvalidParameter",
      400,
      "Invalid parameter: The MessageGroupId parameter is required for FIFO topics",
    );
    await expectAwsError(
      sns.send(new PublishCommand({ TopicArn: topic, Message: "m", MessageGroupId: "g" })),
      "InvalidParameter",
      400,
      "Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly",
    );
    const first = await sns.send(
      new PublishCommand({
        TopicArn: topic,
        Message: "m",
        MessageGroupId: "g",
        MessageDeduplicationId: "d1",
      }),
    );
    const second = await sns.send(
      new PublishCommand({
        TopicArn: topic,
        Message: "m",
        MessageGroupId: "g",
        MessageDeduplicationId: "d2",
      }),
    );
    expect(first.SequenceNumber).toMatch(/^\d{20}$/);
    expect(BigInt(second.SequenceNumber!)).toBeGreaterThan(BigInt(first.SequenceNumber!));
    const duplicate = await sns.send(
      new PublishCommand({
        TopicArn: topic,
        Message: "again",
        MessageGroupId: "g",
        MessageDeduplicationId: "d1",
      }),
    );
    expect(duplicate).toMatchObject({ MessageId: first.MessageId, SequenceNumber: first.SequenceNumber });
  });
});

describe("PublishBatch", () => {
  it("publishes each entry and reports entries that fail on their own", async () => {
    const topic = await createTopic(sns);
    const sub = await subscribeSms(topic, "+15550400005");
    const out = await sns.send(
      new PublishBatchCommand({
        TopicArn: topic,
        PublishBatchRequestEntries: [
          { Id: "one", Message: "first" },
          { Id: "empty", Message: "" },
          { Id: "bad-subject", Message: "x", Subject: "" },
          { Id: "three", Message: "third", Subject: "S" },
        ],
      }),
    );
    expect(out.Successful?.map((s) => s.Id)).toEqual(["one", "three"]);
    expect(out.Successful?.every((s) => /^[0-9a-f-]{36}$/.test(s.MessageId!))).toBe(true);
    expect(out.Failed).toEqual([
      {
        Id: "empty",
        Code: "InvalidParameter",
        Message: "Invalid parameter: Empty message",
        SenderFault: true,
      },
      {
        Id: "bad-subject",
        Code: "InvalidParameter",
        Message: "Invalid parameter: Subject",
        SenderFault: true,
      },
    ]);
    const got = await inbox({ subscriptionArn: sub });
    expect(got.map((m) => [m.id, m.body])).toEqual([
      [out.Successful![0]!.MessageId, "first"],
      [out.Successful![1]!.MessageId, "third"],
    ]);
  });

  it("refuses the whole batch for batch-level problems", async () => {
    const topic = await createTopic(sns);
    const batch = (
      entries: Array<{ Id: string; Message: string; MessageStructure?: string }>,
      TopicArn = topic,
    ) => sns.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: entries }));
    await expectAwsError(batch([]), "EmptyBatchRequest", 400);
    await expectAwsError(
      batch(Array.from({ length: 11 }, (_, i) => ({ Id: `m${i}`, Message: "x" }))),
      "TooManyEntriesInBatchRequest",
      400,
      "The batch request contains more entries than permissible.",
    );
    await expectAwsError(
      batch([
        { Id: "same", Message: "a" },
        { Id: "same", Message: "b" },
      ]),
      "BatchEntryIdsNotDistinct",
      400,
      "Two or more batch entries in the request have the same Id.",
    );
    await expectAwsError(
      batch([{ Id: "message.id", Message: "a" }]),
      "InvalidBatchEntryId",
      400,
      "The Id of a batch entry in the batch request contains an impermissible character: message.id",
    );
    await expectAwsError(
      batch([{ Id: "a".repeat(81), Message: "a" }]),
      "InvalidBatchEntryId",
      400,
      `The Id of a batch entry in the batch request is too long: ${"a".repeat(81)}`,
    );
    await expectAwsError(
      batch([
        { Id: "a", Message: "x".repeat(200_000) },
        { Id: "b", Message: "x".repeat(100_000) },
      ]),
      "BatchRequestTooLong",
      400,
      "The length of all the messages put together is more than the limit.",
    );
    await expectAwsError(
      batch([{ Id: "a", Message: JSON.stringify({ sms: "x" }), MessageStructure: "json" }]),
      "InvalidParameter",
      400,
      "Invalid parameter: Message Structure - No default entry in JSON message body",
    );
    await expectAwsError(
      batch([{ Id: "a", Message: "x" }], `${topic}-missing`),
      "NotFound",
      404,
      "Topic does not exist",
    );
  });
});
