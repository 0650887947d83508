import {
  type MessageAttributeValue,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SubscribeCommand,
} from "@aws-sdk/client-sns";
import { describe, expect, it } from "vitest";
import { expectAwsError } from "./support/expect-aws-error.ts";
import { createTopic, inbox, snsClient, subscribe } from "./support/sns.ts";

/**
 * Filter policies, observed through SMS subscriptions: an SMS delivery lands in the local
 * inbox within the Publish request, so what arrived is known as soon as Publish answers.
 */

const sns = snsClient();
let phone = 0;

/** A topic with one SMS subscriber filtering by `policy`; `send` publishes and says whether it got through. */
async function filtered(policy: object, scope: "MessageAttributes" | "MessageBody" = "MessageAttributes") {
  const topic = await createTopic(sns, "filtered");
  const endpoint = `+1555030${String(phone++).padStart(4, "0")}`;
  const SubscriptionArn = await subscribe(sns, topic, "sms", endpoint, {
    FilterPolicyScope: scope,
    FilterPolicy: JSON.stringify(policy),
  });
  let sent = 0;
  return async (
    attributes: Record<string, MessageAttributeValue> = {},
    message = `message ${sent}`,
  ): Promise<boolean> => {
    sent++;
    await sns.send(new PublishCommand({ TopicArn: topic, Message: message, MessageAttributes: attributes }));
    const got = await inbox({ subscriptionArn: SubscriptionArn });
    return got.some((m) => m.body === message);
  };
}

const str = (StringValue: string): MessageAttributeValue => ({ DataType: "String", StringValue });
const num = (StringValue: string): MessageAttributeValue => ({ DataType: "Number", StringValue });
const arr = (values: unknown[]): MessageAttributeValue => ({
  DataType: "String.Array",
  StringValue: JSON.stringify(values),
});

describe("filter policies on message attributes", () => {
  it("match exact strings, and need the attribute", async () => {
    const send = await filtered({ severity: ["high", "critical"] });
    expect(await send({ severity: str("high") })).toBe(true);
    expect(await send({ severity: str("critical") })).toBe(true);
    expect(await send({ severity: str("low") })).toBe(false);
    expect(await send({})).toBe(false);
    // Numbers are not strings.
    expect(await send({ severity: num("1") })).toBe(false);
  });

  it("match numbers exactly and by range, on Number attributes only", async () => {
    const range = await filtered({ price: [{ numeric: [">", 0, "<=", 100] }] });
    expect(await range({ price: num("100") })).toBe(true);
    expect(await range({ price: num("0") })).toBe(false);
    expect(await range({ price: num("100.5") })).toBe(false);
    expect(await range({ price: str("50") })).toBe(false);
    const exact = await filtered({ count: [300] });
    expect(await exact({ count: num("3.0e2") })).toBe(true);
    expect(await exact({ count: num("301") })).toBe(false);
  });

  it("match prefixes, suffixes and strings ignoring case", async () => {
    const send = await filtered({
      key: [{ prefix: "img-" }],
      ext: [{ suffix: ".jpg" }],
      color: [{ "equals-ignore-case": "red" }],
    });
    expect(await send({ key: str("img-1"), ext: str("a.jpg"), color: str("RED") })).toBe(true);
    expect(await send({ key: str("doc-1"), ext: str("a.jpg"), color: str("red") })).toBe(false);
    expect(await send({ key: str("img-1"), ext: str("a.png"), color: str("red") })).toBe(false);
    expect(await send({ key: str("img-1"), ext: str("a.jpg"), color: str("blue") })).toBe(false);
  });

  it("match anything-but values and prefixes, and never a missing attribute", async () => {
    const values = await filtered({ color: [{ "anything-but": ["red", "blue"] }] });
    expect(await values({ color: str("green") })).toBe(true);
    expect(await values({ color: str("red") })).toBe(false);
    expect(await values({})).toBe(false);
    const prefix = await filtered({ env: [{ "anything-but": { prefix: "test-" } }] });
    expect(await prefix({ env: str("prod") })).toBe(true);
    expect(await prefix({ env: str("test-7") })).toBe(false);
  });

  it("match on whether an attribute exists", async () => {
    const present = await filtered({ trace: [{ exists: true }] });
    expect(await present({ trace: str("x") })).toBe(true);
    expect(await present({})).toBe(false);
    const absent = await filtered({ trace: [{ exists: false }] });
    expect(await absent({})).toBe(true);
    expect(await absent({ trace: str("x") })).toBe(false);
  });

  it("match any element of a String.Array attribute", async () => {
    const send = await filtered({ tags: ["b"], sizes: [{ numeric: [">=", 10] }] });
    expect(await send({ tags: arr(["a", "b"]), sizes: arr([1, 12]) })).toBe(true);
    expect(await send({ tags: arr(["a", "c"]), sizes: arr([12]) })).toBe(false);
  });

  it("match $or branches and CIDR blocks", async () => {
    const or = await filtered({
      source: ["camera"],
      $or: [{ kind: ["raw"] }, { size: [{ numeric: [">", 5] }] }],
    });
    expect(await or({ source: str("camera"), kind: str("raw") })).toBe(true);
    expect(await or({ source: str("camera"), size: num("6") })).toBe(true);
    expect(await or({ source: str("camera"), kind: str("jpeg"), size: num("1") })).toBe(false);
    expect(await or({ source: str("phone"), kind: str("raw") })).toBe(false);
    const cidr = await filtered({ ip: [{ cidr: "10.0.0.0/24" }] });
    expect(await cidr({ ip: str("10.0.0.7") })).toBe(true);
    expect(await cidr({ ip: str("10.0.1.7") })).toBe(false);
  });
});

describe("filter policies on message bodies", () => {
  it("match nested keys and arrays of a JSON body, and nothing else", async () => {
    const send = await filtered(
      { severity: ["high"], detail: { size: [{ numeric: [">", 1000] }] } },
      "MessageBody",
    );
    expect(await send({}, JSON.stringify({ severity: "high", detail: { size: 2048 } }))).toBe(true);
    expect(await send({}, JSON.stringify({ severity: "high", detail: { size: 10 } }))).toBe(false);
    expect(await send({}, JSON.stringify({ severity: "low", detail: { size: 2048 } }))).toBe(false);
    expect(await send({ severity: str("high") }, "not json")).toBe(false);
    const arrays = await filtered({ tags: ["x"], items: { kind: ["photo"] } }, "MessageBody");
    expect(
      await arrays({}, JSON.stringify({ tags: ["y", "x"], items: [{ kind: "doc" }, { kind: "photo" }] })),
    ).toBe(true);
    expect(await arrays({}, JSON.stringify({ tags: ["y"], items: [{ kind: "photo" }] }))).toBe(false);
  });
});

describe("filter policy validation", () => {
  const cases: Array<[string, object, string]> = [
    ["a nested list", { key: [["value"]] }, "Match value must be String, number, true, false, or null"],
    ["an unknown operator", { key: [{ "wrong-operator": true }] }, "Unrecognized match type wrong-operator"],
    [
      "two operators",
      { key: [{ suffix: "value", prefix: "value2" }] },
      "Only one key allowed in match expression",
    ],
    ["an empty list", { key: [] }, "Empty arrays are not allowed"],
    ["a numeric suffix", { key: [{ suffix: 100 }] }, "suffix match pattern must be a string"],
    ["a bare value", { key: "value" }, '"key" must be an object or an array'],
    ["a bad CIDR", { key: [{ cidr: "bad-filter" }] }, "Malformed CIDR, one '/' required"],
    ["a bad CIDR address", { key: [{ cidr: "xx.11.xx/24" }] }, "Nonstandard IP address: xx.11.xx"],
    ["an empty numeric", { key: [{ numeric: [] }] }, "Invalid member in numeric match: ]"],
    [
      "an unknown numeric operator",
      { key: [{ numeric: ["operator"] }] },
      "Unrecognized numeric range operator: operator",
    ],
    ["a non-numeric equals", { key: [{ numeric: ["=", "000"] }] }, "Value of equals must be numeric"],
    ["a range upside down", { key: [{ numeric: [">", 3, "<", 1] }] }, "Bottom must be less than top"],
    [
      "a range with two lower bounds",
      { key: [{ numeric: [">=", 1, ">", 2] }] },
      "Bad numeric range operator: >",
    ],
    [
      "a range too long",
      { key: [{ numeric: [">", 20, "<", 30, "<", 50] }] },
      "Too many terms in numeric range expression",
    ],
    [
      "a non-boolean exists",
      { key: [{ exists: "no" }] },
      "exists match pattern must be either true or false.",
    ],
    [
      "anything-but suffix",
      { key: [{ "anything-but": { suffix: "x" } }] },
      "Unsupported anything-but pattern: suffix",
    ],
    [
      "six keys",
      { a: ["1"], b: ["1"], c: ["1"], d: ["1"], e: ["1"], f: ["1"] },
      "Filter policy can not have more than 5 keys",
    ],
    [
      "too many combinations",
      { a: Array.from({ length: 151 }, (_, i) => `v${i}`) },
      "Filter policy is too complex",
    ],
  ];

  it.each(cases)(
    "refuses %s, in Subscribe's and SetSubscriptionAttributes' wording",
    async (_what, policy, reason) => {
      const topic = await createTopic(sns);
      await expectAwsError(
        sns.send(
          new SubscribeCommand({
            TopicArn: topic,
            Protocol: "sms",
            Endpoint: "+15550309999",
            Attributes: { FilterPolicy: JSON.stringify(policy) },
          }),
        ),
        "InvalidParameter",
        400,
        `Invalid parameter: Attributes Reason: FilterPolicy: ${reason}`,
      );
      const SubscriptionArn = await subscribe(sns, topic, "sms", "+15550309999");
      await expectAwsError(
        sns.send(
          new SetSubscriptionAttributesCommand({
            SubscriptionArn,
            AttributeName: "FilterPolicy",
            AttributeValue: JSON.stringify(policy),
          }),
        ),
        "InvalidParameter",
        400,
        `Invalid parameter: FilterPolicy: ${reason}`,
      );
    },
  );

  it("refuses nested policies unless the scope is MessageBody", async () => {
    const topic = await createTopic(sns);
    await expectAwsError(
      sns.send(
        new SubscribeCommand({
          TopicArn: topic,
          Protocol: "sms",
          Endpoint: "+15550309998",
          Attributes: { FilterPolicy: JSON.stringify({ detail: { size: [1] } }) },
        }),
      ),
      "InvalidParameter",
      400,
      "Invalid parameter: Attributes Reason: Filter policy scope MessageAttributes does not support nested filter policy",
    );
  });
});
