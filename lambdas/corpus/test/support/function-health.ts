import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { emulatorClient } from "../../../test/support/emulator-clients.ts";

/** Every log line of a function, oldest first, from its log group `/aws/lambda/<name>`. */
export async function functionLogLines(endpoint: string, functionName: string): Promise<string[]> {
  const logs = emulatorClient(CloudWatchLogsClient, endpoint);
  const lines: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await logs.send(
      new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${functionName}`, nextToken }),
    );
    for (const event of page.events ?? []) lines.push(event.message ?? "");
    nextToken = page.nextToken;
  } while (nextToken);
  return lines;
}

/** The REPORT lines: one per invocation, with `Status:` when the platform ended it (timeout, crash). */
export function reportLines(lines: readonly string[]): string[] {
  return lines.filter((line) => line.startsWith("REPORT RequestId:"));
}

/** The Event invocations the emulator gave up on for this function (after Lambda's retries). */
export async function failedEvents(endpoint: string, functionName: string): Promise<unknown[]> {
  const url = new URL("/_darkroom/lambda/failed-events", endpoint);
  url.searchParams.set("function", functionName);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return (await response.json()) as unknown[];
}
