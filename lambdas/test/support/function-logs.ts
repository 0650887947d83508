import { type CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";

export interface InvocationLog {
  /** REPORT lines: one per finished invocation, whatever its outcome. */
  finished: number;
  /** Invocations whose handler threw or whose runtime failed. */
  errors: string[];
}

/** What a function's log group (`/aws/lambda/<name>`) says about its invocations so far. */
export async function invocationLog(
  logs: CloudWatchLogsClient,
  functionName: string,
): Promise<InvocationLog> {
  const messages: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await logs.send(
      new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${functionName}`, nextToken }),
    );
    for (const event of page.events ?? []) messages.push(event.message ?? "");
    nextToken = page.nextToken;
  } while (nextToken);
  return {
    finished: messages.filter((m) => m.startsWith("REPORT RequestId:")).length,
    errors: messages.filter(
      (m) => m.includes("\tInvoke Error") || /^REPORT RequestId:.*\tStatus: (error|timeout)/.test(m),
    ),
  };
}
