import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DeleteLogStreamCommand,
  DeleteRetentionPolicyCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  ListTagsForResourceCommand,
  ListTagsLogGroupCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  StartQueryCommand,
  TagLogGroupCommand,
  TagResourceCommand,
  UntagLogGroupCommand,
  UntagResourceCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { describe, expect, it } from "vitest";
import { uniqueName } from "./support/clients.ts";
import { expectAwsError } from "./support/expect-aws-error.ts";
import { logsClient } from "./support/logs-client.ts";
import { boundedPages } from "./support/pages.ts";

const logs = logsClient();
const ACCOUNT = "000000000000";
const REGION = "us-east-1";

async function createGroup(prefix = "/test/groups") {
  const name = `${prefix}/${uniqueName("g")}`;
  await logs.send(new CreateLogGroupCommand({ logGroupName: name }));
  return name;
}

async function describeGroup(name: string) {
  const out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
  return out.logGroups?.find((g) => g.logGroupName === name);
}

describe("log groups", () => {
  it("creates a group that DescribeLogGroups shows with both ARN forms", async () => {
    const before = Date.now();
    const name = await createGroup();
    const group = await describeGroup(name);
    expect(group).toMatchObject({
      logGroupName: name,
      arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}:*`,
      logGroupArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}`,
      metricFilterCount: 0,
      storedBytes: 0,
      logGroupClass: "STANDARD",
    });
    expect(group?.retentionInDays).toBeUndefined();
    expect(group?.creationTime).toBeGreaterThanOrEqual(before - 1000);
    expect(group?.creationTime).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it("refuses a second group of the same name, and bad names", async () => {
    const name = await createGroup();
    await expectAwsError(
      logs.send(new CreateLogGroupCommand({ logGroupName: name })),
      "ResourceAlreadyExistsException",
      400,
      "The specified log group already exists",
    );
    await expectAwsError(
      logs.send(new CreateLogGroupCommand({ logGroupName: "has:colon" })),
      "InvalidParameterException",
      400,
      "1 validation error detected: Value 'has:colon' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+",
    );
    await expectAwsError(
      logs.send(new CreateLogGroupCommand({ logGroupName: "x".repeat(513) })),
      "InvalidParameterException",
      400,
      /Member must have length less than or equal to 512/,
    );
  });

  it("deletes a group with its streams; a missing group is ResourceNotFoundException", async () => {
    const name = await createGroup();
    await logs.send(new CreateLogStreamCommand({ logGroupName: name, logStreamName: "s" }));
    await logs.send(new DeleteLogGroupCommand({ logGroupName: name }));
    expect(await describeGroup(name)).toBeUndefined();
    const notFound = "The specified log group does not exist.";
    await expectAwsError(
      logs.send(new DeleteLogGroupCommand({ logGroupName: name })),
      "ResourceNotFoundException",
      400,
      notFound,
    );
    await expectAwsError(
      logs.send(new DescribeLogStreamsCommand({ logGroupName: name })),
      "ResourceNotFoundException",
      400,
      notFound,
    );
    // Recreated, the group starts empty.
    await logs.send(new CreateLogGroupCommand({ logGroupName: name }));
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: name }));
    expect(streams.logStreams).toEqual([]);
  });

  it("pages through groups in name order with limit and nextToken", async () => {
    const prefix = `/test/paging/${uniqueName("p")}`;
    const names = ["c", "a", "e", "b", "d"].map((n) => `${prefix}/${n}`);
    for (const logGroupName of names) await logs.send(new CreateLogGroupCommand({ logGroupName }));
    const seen: string[] = [];
    let nextToken: string | undefined;
    for (const _ of boundedPages(10)) {
      const page = await logs.send(
        new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix, limit: 2, nextToken }),
      );
      expect(page.logGroups!.length).toBeLessThanOrEqual(2);
      seen.push(...page.logGroups!.map((g) => g.logGroupName!));
      nextToken = page.nextToken;
      if (!nextToken) break;
    }
    expect(seen).toEqual([...names].sort());
  });

  it("filters by a case-sensitive substring pattern, returning only name, arn and creation time", async () => {
    const marker = uniqueName("Pattern");
    const name = `/test/pattern/${marker}/x`;
    await logs.send(new CreateLogGroupCommand({ logGroupName: name }));
    const out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePattern: marker }));
    expect(out.logGroups?.map((g) => g.logGroupName)).toEqual([name]);
    expect(Object.keys(out.logGroups![0]!).sort()).toEqual(["arn", "creationTime", "logGroupName"]);
    const lower = await logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePattern: marker.toLowerCase() }),
    );
    expect(lower.logGroups).toEqual([]);
    await expectAwsError(
      logs.send(new DescribeLogGroupsCommand({ logGroupNamePattern: marker, logGroupNamePrefix: "/test" })),
      "InvalidParameterException",
      400,
    );
  });

  it("describes the groups named by logGroupIdentifiers, names or ARNs", async () => {
    const a = await createGroup();
    const b = await createGroup();
    await createGroup();
    const out = await logs.send(
      new DescribeLogGroupsCommand({
        logGroupIdentifiers: [
          a,
          `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${b}`,
          `arn:aws:logs:${REGION}:111111111111:log-group:${a}`,
        ],
      }),
    );
    expect(out.logGroups?.map((g) => g.logGroupName)).toEqual([a, b].sort());
    // The model's identifier pattern has no "*", so the ":*" ARN form is refused.
    await expectAwsError(
      logs.send(
        new DescribeLogGroupsCommand({
          logGroupIdentifiers: [`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${b}:*`],
        }),
      ),
      "InvalidParameterException",
      400,
      /at 'logGroupIdentifiers.1.member' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    );
  });

  it("refuses a limit above 50 and a made-up nextToken", async () => {
    await expectAwsError(
      logs.send(new DescribeLogGroupsCommand({ limit: 51 })),
      "InvalidParameterException",
      400,
      "1 validation error detected: Value '51' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50",
    );
    await expectAwsError(
      logs.send(new DescribeLogGroupsCommand({ nextToken: "bogus" })),
      "InvalidParameterException",
      400,
      "The specified nextToken is invalid.",
    );
  });

  it("answers an operation it does not implement with NotImplemented naming it", async () => {
    const err = await expectAwsError(
      logs.send(
        new StartQueryCommand({
          logGroupName: "/x",
          queryString: "fields @message",
          startTime: 1,
          endTime: 2,
        }),
      ),
      "NotImplemented",
      501,
    );
    expect(err.message).toContain("StartQuery");
  });
});

describe("retention policies", () => {
  it("sets and removes a retention period", async () => {
    const name = await createGroup();
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: 30 }));
    expect((await describeGroup(name))?.retentionInDays).toBe(30);
    await logs.send(new DeleteRetentionPolicyCommand({ logGroupName: name }));
    expect((await describeGroup(name))?.retentionInDays).toBeUndefined();
  });

  it("accepts only AWS's retention periods", async () => {
    const name = await createGroup();
    await expectAwsError(
      logs.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: 2 })),
      "InvalidParameterException",
      400,
      /^1 validation error detected: Value '2' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: \[1, 3, 5, 7, 14, 30, 60, 90, /,
    );
    await expectAwsError(
      logs.send(new PutRetentionPolicyCommand({ logGroupName: `${name}-missing`, retentionInDays: 1 })),
      "ResourceNotFoundException",
      400,
      "The specified log group does not exist.",
    );
  });

  it("deletes events older than the new retention period at once", async () => {
    const name = await createGroup();
    await logs.send(new CreateLogStreamCommand({ logGroupName: name, logStreamName: "s" }));
    const now = Date.now();
    const day = 24 * 3600 * 1000;
    // Two uploads: one batch may not span more than 24 hours.
    for (const [timestamp, message] of [
      [now - 3 * day, "old"],
      [now - 1000, "new"],
    ] as const) {
      await logs.send(
        new PutLogEventsCommand({
          logGroupName: name,
          logStreamName: "s",
          logEvents: [{ timestamp, message }],
        }),
      );
    }
    expect((await describeGroup(name))?.storedBytes).toBe(6);
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: 1 }));
    expect((await describeGroup(name))?.storedBytes).toBe(3);
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: name }));
    expect(streams.logStreams?.[0]?.firstEventTimestamp).toBe(now - 1000);
  });
});

describe("log streams", () => {
  it("creates, describes and deletes streams", async () => {
    const group = await createGroup();
    const before = Date.now();
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "app/1" }));
    const out = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));
    expect(out.logStreams).toHaveLength(1);
    const stream = out.logStreams![0]!;
    expect(stream).toMatchObject({
      logStreamName: "app/1",
      arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${group}:log-stream:app/1`,
      storedBytes: 0,
    });
    expect(stream.creationTime).toBeGreaterThanOrEqual(before - 1000);
    expect(stream.firstEventTimestamp).toBeUndefined();
    await logs.send(new DeleteLogStreamCommand({ logGroupName: group, logStreamName: "app/1" }));
    expect((await logs.send(new DescribeLogStreamsCommand({ logGroupName: group }))).logStreams).toEqual([]);
  });

  it("refuses duplicates, streams in missing groups and bad names", async () => {
    const group = await createGroup();
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "s" }));
    await expectAwsError(
      logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "s" })),
      "ResourceAlreadyExistsException",
      400,
      "The specified log stream already exists",
    );
    await expectAwsError(
      logs.send(new CreateLogStreamCommand({ logGroupName: `${group}-missing`, logStreamName: "s" })),
      "ResourceNotFoundException",
      400,
      "The specified log group does not exist.",
    );
    await expectAwsError(
      logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "a:b" })),
      "InvalidParameterException",
      400,
      /Member must satisfy regular expression pattern: \[\^:\*\]\*/,
    );
    await expectAwsError(
      logs.send(new DeleteLogStreamCommand({ logGroupName: group, logStreamName: "nope" })),
      "ResourceNotFoundException",
      400,
      "The specified log stream does not exist.",
    );
  });

  it("lists by name prefix, in either direction, a page at a time", async () => {
    const group = await createGroup();
    for (const logStreamName of ["b-2", "a-1", "b-1", "c-1", "b-3"]) {
      await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName }));
    }
    const names = async (input: { logStreamNamePrefix?: string; descending?: boolean }) => {
      const seen: string[] = [];
      let nextToken: string | undefined;
      for (const _ of boundedPages(10)) {
        const page = await logs.send(
          new DescribeLogStreamsCommand({ logGroupName: group, limit: 2, nextToken, ...input }),
        );
        seen.push(...page.logStreams!.map((s) => s.logStreamName!));
        nextToken = page.nextToken;
        if (!nextToken) break;
      }
      return seen;
    };
    expect(await names({})).toEqual(["a-1", "b-1", "b-2", "b-3", "c-1"]);
    expect(await names({ descending: true })).toEqual(["c-1", "b-3", "b-2", "b-1", "a-1"]);
    expect(await names({ logStreamNamePrefix: "b-" })).toEqual(["b-1", "b-2", "b-3"]);
  });

  it("orders by last event time, and takes the group by ARN", async () => {
    const group = await createGroup();
    const now = Date.now();
    for (const [logStreamName, age] of [
      ["x", 3000],
      ["y", 1000],
      ["z", 2000],
    ] as const) {
      await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName }));
      await logs.send(
        new PutLogEventsCommand({
          logGroupName: group,
          logStreamName,
          logEvents: [{ timestamp: now - age, message: logStreamName }],
        }),
      );
    }
    const out = await logs.send(
      new DescribeLogStreamsCommand({
        logGroupIdentifier: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${group}`,
        orderBy: "LastEventTime",
        descending: true,
      }),
    );
    expect(out.logStreams?.map((s) => s.logStreamName)).toEqual(["y", "z", "x"]);
    expect(out.logStreams?.[0]).toMatchObject({
      firstEventTimestamp: now - 1000,
      lastEventTimestamp: now - 1000,
    });
    await expectAwsError(
      logs.send(
        new DescribeLogStreamsCommand({
          logGroupName: group,
          orderBy: "LastEventTime",
          logStreamNamePrefix: "x",
        }),
      ),
      "InvalidParameterException",
      400,
      "Cannot order by LastEventTime with a logStreamNamePrefix.",
    );
    await expectAwsError(
      logs.send(new DescribeLogStreamsCommand({ logGroupName: group, logGroupIdentifier: group })),
      "InvalidParameterException",
      400,
    );
  });
});

describe("tags", () => {
  it("tags and untags a group by its ARN", async () => {
    const name = `/test/tags/${uniqueName("t")}`;
    await logs.send(new CreateLogGroupCommand({ logGroupName: name, tags: { team: "imaging", env: "dev" } }));
    const resourceArn = (await describeGroup(name))!.logGroupArn!;
    expect(resourceArn).toBe(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}`);
    expect((await logs.send(new ListTagsForResourceCommand({ resourceArn }))).tags).toEqual({
      team: "imaging",
      env: "dev",
    });
    await logs.send(new TagResourceCommand({ resourceArn, tags: { env: "prod", owner: "me" } }));
    await logs.send(new UntagResourceCommand({ resourceArn, tagKeys: ["team"] }));
    expect((await logs.send(new ListTagsForResourceCommand({ resourceArn }))).tags).toEqual({
      env: "prod",
      owner: "me",
    });
  });

  it("tags by group name with the older operations", async () => {
    const name = await createGroup();
    await logs.send(new TagLogGroupCommand({ logGroupName: name, tags: { a: "1", b: "2" } }));
    await logs.send(new UntagLogGroupCommand({ logGroupName: name, tags: ["a"] }));
    expect((await logs.send(new ListTagsLogGroupCommand({ logGroupName: name }))).tags).toEqual({ b: "2" });
    await expectAwsError(
      logs.send(new ListTagsLogGroupCommand({ logGroupName: `${name}-missing` })),
      "ResourceNotFoundException",
      400,
      "The specified log group does not exist.",
    );
  });

  it("refuses the :* ARN form, missing groups and more than 50 tags", async () => {
    const name = await createGroup();
    const arn = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}`;
    await expectAwsError(
      logs.send(new ListTagsForResourceCommand({ resourceArn: `${arn}:*` })),
      "InvalidParameterException",
      400,
    );
    await expectAwsError(
      logs.send(new ListTagsForResourceCommand({ resourceArn: `${arn}-missing` })),
      "ResourceNotFoundException",
      400,
    );
    const tags = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"]));
    await logs.send(new TagResourceCommand({ resourceArn: arn, tags }));
    const err = await expectAwsError(
      logs.send(new TagResourceCommand({ resourceArn: arn, tags: { one: "more" } })),
      "TooManyTagsException",
      400,
    );
    expect((err as unknown as { resourceName?: string }).resourceName).toBe(arn);
  });
});
