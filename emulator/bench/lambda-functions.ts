import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
} from "@aws-sdk/client-lambda";
import { strToU8, zipSync } from "fflate";
import { noRetryClientConfig } from "./client-config.ts";

/** The runtime every bench function names; which Node actually runs it is reported. */
export const BENCH_RUNTIME = "nodejs22.x";
const ROLE = "arn:aws:iam::000000000000:role/bench-lambda";
const ACTIVE_WITHIN_MS = 10_000;

/**
 * The trivial handler: it times itself (so its own run time can be subtracted from the
 * round trip) and says which environment ran it and whether that was its first call.
 */
const HANDLER_SOURCE = `const environment = \`\${process.pid}-\${Math.random().toString(36).slice(2)}\`;
let calls = 0;
export const handler = async () => {
  const started = performance.now();
  calls++;
  return { environment, cold: calls === 1, node: process.version, handlerMs: performance.now() - started };
};
`;

/** What the trivial handler returns. */
export interface HandlerAnswer {
  environment: string;
  cold: boolean;
  node: string;
  handlerMs: number;
}

/** A deployment package of the trivial handler; `tag` makes its bytes (and so its CodeSha256) unique. */
export function trivialPackage(tag: string): Uint8Array {
  return zipSync({ "index.mjs": strToU8(`${HANDLER_SOURCE}// ${tag}\n`) });
}

/** Lambda's client as users configure it for a local endpoint; no retries, so a failure is seen. */
export function lambdaClient(endpoint: string): LambdaClient {
  return new LambdaClient(noRetryClientConfig(endpoint));
}

/** CreateFunction, then waits until the function is Active (Lambda refuses to invoke it while Pending). */
export async function createFunction(client: LambdaClient, name: string, zip: Uint8Array): Promise<void> {
  await client.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: BENCH_RUNTIME,
      Role: ROLE,
      Handler: "index.handler",
      Code: { ZipFile: zip },
      MemorySize: 128,
      Timeout: 10,
    }),
  );
  const deadline = Date.now() + ACTIVE_WITHIN_MS;
  for (;;) {
    const config = await client.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
    if (config.State === "Active" && config.LastUpdateStatus === "Successful") return;
    if (Date.now() > deadline)
      throw new Error(`${name} is still ${config.State} after ${ACTIVE_WITHIN_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function deleteFunction(client: LambdaClient, name: string): Promise<void> {
  await client.send(new DeleteFunctionCommand({ FunctionName: name }));
}

export interface Invoked {
  answer: HandlerAnswer;
  /** The decoded LogType=Tail log, when asked for. */
  log: string;
}

/** A RequestResponse Invoke; throws unless the handler answered. */
export async function invokeTrivial(client: LambdaClient, name: string, tail = false): Promise<Invoked> {
  const out = await client.send(
    new InvokeCommand({ FunctionName: name, ...(tail ? { LogType: "Tail" as const } : {}) }),
  );
  const text = Buffer.from(out.Payload ?? new Uint8Array()).toString("utf8");
  if (out.StatusCode !== 200 || out.FunctionError !== undefined) {
    throw new Error(`Invoke ${name} answered ${out.StatusCode} ${out.FunctionError ?? ""}: ${text}`);
  }
  return {
    answer: JSON.parse(text) as HandlerAnswer,
    log: Buffer.from(out.LogResult ?? "", "base64").toString("utf8"),
  };
}

/** Invoke with InvocationType DryRun: the same API path (auth, lookup, checks) without running anything. */
export async function dryRun(client: LambdaClient, name: string): Promise<void> {
  const out = await client.send(new InvokeCommand({ FunctionName: name, InvocationType: "DryRun" }));
  if (out.StatusCode !== 204) throw new Error(`DryRun ${name} answered ${out.StatusCode}`);
}

/** A millisecond field of the REPORT line, e.g. "Init Duration"; NaN when absent. */
export function reportField(log: string, field: "Duration" | "Init Duration"): number {
  const report = log.split("\n").find((line) => line.startsWith("REPORT "));
  const text = report?.split("\t").find((part) => part.startsWith(`${field}: `));
  return text === undefined ? Number.NaN : Number.parseFloat(text.slice(field.length + 2));
}
