import { ListDashboardsCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { GetFunctionConfigurationCommand } from "@aws-sdk/client-lambda";
import { ListObjectVersionsCommand } from "@aws-sdk/client-s3";
import { ListSubscriptionsByTopicCommand, ListTopicsCommand } from "@aws-sdk/client-sns";
import type { AwsClients } from "./aws-clients.ts";
import type { BucketUsage, FunctionSettings, TableUsage, UsageSources } from "./usage-sources.repository.ts";

/** ListObjectVersions pages (1,000 versions each) per bucket: 100,000 objects, then a lower bound. */
const MAX_LIST_PAGES = 100;
/** Pages of the other listings (dashboards, topics, subscriptions): far above a stack's count. */
const MAX_PAGES = 50;

/** The usage sources over the target's SDK clients. */
export class AwsUsageSources implements UsageSources {
  readonly #clients: AwsClients;

  constructor(clients: AwsClients) {
    this.#clients = clients;
  }

  async functionSettings(functionName: string): Promise<FunctionSettings> {
    const config = await this.#clients.lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: functionName }),
    );
    return {
      name: functionName,
      memoryMb: config.MemorySize ?? 128,
      // Lambda's default architecture when none is listed.
      architecture: config.Architectures?.[0] === "arm64" ? "arm64" : "x86_64",
    };
  }

  async bucketUsage(bucket: string): Promise<BucketUsage> {
    let sizeBytes = 0;
    let objectCount = 0;
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    let pages = 0;
    let truncated = false;
    do {
      const page = await this.#clients.s3.send(
        new ListObjectVersionsCommand({
          Bucket: bucket,
          KeyMarker: keyMarker,
          VersionIdMarker: versionIdMarker,
        }),
      );
      for (const version of page.Versions ?? []) {
        sizeBytes += version.Size ?? 0;
        objectCount += 1;
      }
      truncated = page.IsTruncated === true;
      keyMarker = page.NextKeyMarker;
      versionIdMarker = page.NextVersionIdMarker;
      pages += 1;
    } while (truncated && pages < MAX_LIST_PAGES);
    return { name: bucket, sizeBytes, objectCount, complete: !truncated };
  }

  async tableUsage(table: string): Promise<TableUsage> {
    const { Table } = await this.#clients.dynamodbTables.send(new DescribeTableCommand({ TableName: table }));
    return { name: table, itemCount: Table?.ItemCount ?? 0, sizeBytes: Table?.TableSizeBytes ?? 0 };
  }

  async dashboards(namePrefix: string): Promise<string[]> {
    const names: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await this.#clients.cloudwatch.send(
        new ListDashboardsCommand({ DashboardNamePrefix: namePrefix, NextToken: nextToken }),
      );
      for (const entry of page.DashboardEntries ?? [])
        if (entry.DashboardName) names.push(entry.DashboardName);
      nextToken = page.NextToken;
      pages += 1;
    } while (nextToken !== undefined && pages < MAX_PAGES);
    return names;
  }

  async logGroupStoredBytes(logGroup: string): Promise<number | undefined> {
    const { logGroups } = await this.#clients.logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroup, limit: 50 }),
    );
    return logGroups?.find((group) => group.logGroupName === logGroup)?.storedBytes;
  }

  async emailSubscriptions(topic: { name: string; arn?: string | undefined }): Promise<number> {
    const topicArn = topic.arn ?? (await this.#topicArn(topic.name));
    if (topicArn === undefined) return 0;
    let count = 0;
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await this.#clients.sns.send(
        new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken: nextToken }),
      );
      for (const subscription of page.Subscriptions ?? []) {
        const email = subscription.Protocol === "email" || subscription.Protocol === "email-json";
        // Unconfirmed subscriptions are listed as "PendingConfirmation" and receive nothing.
        if (email && subscription.SubscriptionArn?.startsWith("arn:")) count += 1;
      }
      nextToken = page.NextToken;
      pages += 1;
    } while (nextToken !== undefined && pages < MAX_PAGES);
    return count;
  }

  async #topicArn(topicName: string): Promise<string | undefined> {
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await this.#clients.sns.send(new ListTopicsCommand({ NextToken: nextToken }));
      const found = page.Topics?.find((topic) => topic.TopicArn?.endsWith(`:${topicName}`));
      if (found?.TopicArn) return found.TopicArn;
      nextToken = page.NextToken;
      pages += 1;
    } while (nextToken !== undefined && pages < MAX_PAGES);
    return undefined;
  }
}
