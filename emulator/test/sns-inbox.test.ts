import { describe, expect, it } from "vitest";
import { Inbox, type InboxMessage } from "../src/services/sns/inbox.ts";
import { StateStore } from "../src/state/store.ts";
import { tempDir } from "./support/temp-dir.ts";

function message(n: number): InboxMessage {
  return {
    id: `m${n}`,
    type: "Notification",
    topicArn: "arn:aws:sns:us-east-1:000000000000:t",
    subscriptionArn: "arn:aws:sns:us-east-1:000000000000:t:s",
    protocol: "sms",
    endpoint: "+15550000000",
    subject: null,
    body: `message ${n}`,
    timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
  };
}

describe("the local inbox", () => {
  it("keeps only the newest messages, oldest first, across a reopen of the store", async () => {
    const dir = await tempDir("darkroom-sns-inbox-");
    const first = await StateStore.open(dir);
    const inbox = new Inbox(first, 3);
    for (let n = 1; n <= 5; n++) inbox.add(message(n));
    expect(inbox.list().map((m) => m.id)).toEqual(["m3", "m4", "m5"]);
    await first.flush();
    await first.close();

    const second = await StateStore.open(dir);
    const reopened = new Inbox(second, 3);
    expect(reopened.list().map((m) => m.id)).toEqual(["m3", "m4", "m5"]);
    reopened.add(message(6));
    expect(reopened.list().map((m) => m.id)).toEqual(["m4", "m5", "m6"]);
    expect(reopened.list({ since: Date.parse(message(5).timestamp) }).map((m) => m.id)).toEqual(["m5", "m6"]);
    expect(reopened.clear({ since: Date.parse(message(6).timestamp) })).toBe(1);
    expect(reopened.list().map((m) => m.id)).toEqual(["m4", "m5"]);
    await second.close();
  });

  it("refuses a message that does not have the inbox's shape", () => {
    const inbox = new Inbox(StateStore.memory());
    expect(() => inbox.add({ ...message(1), protocol: "http" } as unknown as InboxMessage)).toThrow();
  });
});
