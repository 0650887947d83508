import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { GetFunctionCommand } from "@aws-sdk/client-lambda";
import { HeadBucketCommand } from "@aws-sdk/client-s3";
import { z } from "zod";
import type { StackResources } from "../settings/stack-resources.ts";
import type { AwsClients } from "./aws-clients.ts";
import type { EmulatorStatus, PlatformStatus, ResourceStatus } from "./platform-status.repository.ts";

const HEALTH_TIMEOUT_MS = 3_000;
const healthSchema = z.record(z.string(), z.unknown());

/** Asks each deployed resource whether it is there (as infra/deploy/resource-probe.ts does), and the emulator how it is. */
export class AwsPlatformStatus implements PlatformStatus {
  readonly #clients: AwsClients;
  readonly #stack: StackResources;

  constructor(stack: StackResources, clients: AwsClients) {
    this.#stack = stack;
    this.#clients = clients;
  }

  resources(): Promise<ResourceStatus[]> {
    const { s3, dynamodbTables, lambda } = this.#clients;
    const stack = this.#stack;
    const checks: [ResourceStatus["kind"], string, () => Promise<unknown>][] = [
      ["bucket", stack.uploadsBucket, () => s3.send(new HeadBucketCommand({ Bucket: stack.uploadsBucket }))],
      ["bucket", stack.mediaBucket, () => s3.send(new HeadBucketCommand({ Bucket: stack.mediaBucket }))],
      [
        "table",
        stack.imagesTable,
        () => dynamodbTables.send(new DescribeTableCommand({ TableName: stack.imagesTable })),
      ],
      [
        "function",
        stack.processorFunction,
        () => lambda.send(new GetFunctionCommand({ FunctionName: stack.processorFunction })),
      ],
      [
        "function",
        stack.apiFunction,
        () => lambda.send(new GetFunctionCommand({ FunctionName: stack.apiFunction })),
      ],
    ];
    return Promise.all(
      checks.map(async ([kind, name, check]): Promise<ResourceStatus> => {
        try {
          await check();
          return { kind, name, answers: true };
        } catch (error) {
          return { kind, name, answers: false, error: (error as Error).name || "Error" };
        }
      }),
    );
  }

  async emulator(endpoint: string): Promise<EmulatorStatus> {
    const url = `${endpoint}/_localstack/health`;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
      if (!response.ok) return { url, reachable: false, error: `HTTP ${response.status}` };
      return { url, reachable: true, health: healthSchema.parse(await response.json()) };
    } catch (error) {
      return { url, reachable: false, error: (error as Error).message };
    }
  }
}
