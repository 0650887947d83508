import type { RequestContext } from "../../gateway/context.ts";
import { AwsError } from "../../protocol/aws-error.ts";
import type { AsyncInvocationQueue } from "./async-queue.ts";
import { lambdaErrors } from "./errors.ts";
import { parseFunctionRef } from "./identifiers.ts";
import { checkInvocable, type Executor, snapshotOf } from "./invocation.ts";
import { ConcurrencyLimitReached } from "./runtime/contract.ts";
import type { LambdaInput } from "./schemas.ts";
import { LambdaState } from "./state.ts";

/** AWS's payload limits: 6 MB for synchronous calls, 256 KB for queued events. */
const SYNC_PAYLOAD_LIMIT = 6_291_456;
const ASYNC_PAYLOAD_LIMIT = 262_144;

export type InvokeInput = LambdaInput<"Invoke">;

/** The event must be JSON, as on AWS; an empty body is an empty object. */
function eventText(payload: Buffer | undefined): string {
  const text = payload && payload.length > 0 ? payload.toString("utf8") : "{}";
  try {
    JSON.parse(text);
  } catch {
    throw new AwsError(
      "InvalidRequestContentException",
      "Could not parse request body into json: Could not parse payload into json",
      400,
      {
        fields: { Type: "User" },
      },
    );
  }
  return text;
}

/** Invoke: RequestResponse runs now, Event is queued durably, DryRun only checks. */
export async function invoke(
  input: InvokeInput,
  ctx: RequestContext,
  executor: Executor,
  queue: AsyncInvocationQueue,
) {
  const state = LambdaState.of(ctx);
  const ref = parseFunctionRef(input.FunctionName, input.Qualifier);
  const { fn, config } = state.resolve(ref.name, ref.qualifier);
  const type = input.InvocationType ?? "RequestResponse";
  const size = input.Payload?.length ?? 0;
  if (size > (type === "Event" ? ASYNC_PAYLOAD_LIMIT : SYNC_PAYLOAD_LIMIT)) {
    throw lambdaErrors.requestTooLarge(type === "Event" ? ASYNC_PAYLOAD_LIMIT : SYNC_PAYLOAD_LIMIT);
  }
  const payload = eventText(input.Payload);
  checkInvocable(config);
  if (type === "DryRun") return { StatusCode: 204, Payload: Buffer.alloc(0) };
  if (type === "Event") {
    queue.enqueue({
      id: ctx.requestId,
      accountId: state.accountId,
      region: state.region,
      functionName: fn.name,
      ...(ref.qualifier !== undefined ? { qualifier: ref.qualifier } : {}),
      payload,
    });
    // Runs once this request's changes are durable: the gateway flushes before it answers.
    setImmediate(() => queue.kick());
    return { StatusCode: 202, Payload: Buffer.alloc(0) };
  }
  let outcome: Awaited<ReturnType<Executor["invoke"]>>;
  try {
    outcome = await executor.invoke({
      fn: await snapshotOf(state, fn, config),
      payload: Buffer.from(payload),
      requestId: ctx.requestId,
      ...(ref.qualifier !== undefined ? { qualifier: ref.qualifier } : {}),
      ...(input.ClientContext !== undefined ? { clientContext: input.ClientContext } : {}),
      tailLog: input.LogType === "Tail",
    });
  } catch (err) {
    if (err instanceof ConcurrencyLimitReached) throw lambdaErrors.tooManyRequests("Rate Exceeded.");
    throw err;
  }
  return {
    StatusCode: 200,
    Payload: outcome.payload,
    ExecutedVersion: config.version,
    ...(outcome.functionError !== undefined ? { FunctionError: outcome.functionError } : {}),
    ...(outcome.logResult !== undefined ? { LogResult: outcome.logResult } : {}),
  };
}
