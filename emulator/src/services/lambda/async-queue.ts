import { randomUUID } from "node:crypto";
import { AwsError } from "../../protocol/aws-error.ts";
import { DueRunner } from "../../state/due-runner.ts";
import type { StateStore } from "../../state/store.ts";
import type { Table } from "../../state/table.ts";
import { checkInvocable, type Executor, snapshotOf } from "./invocation.ts";
import { ConcurrencyLimitReached } from "./runtime/contract.ts";
import { effectiveInvokeConfig } from "./settings.ts";
import { LambdaState } from "./state.ts";

/** An accepted asynchronous invocation, kept in the state store until it succeeds or is given up. */
export interface QueuedInvocation {
  id: string;
  accountId: string;
  region: string;
  functionName: string;
  qualifier?: string;
  /** The event as JSON text. */
  payload: string;
  enqueuedAt: number;
  /** Attempts made so far. */
  attempts: number;
  /** Not run before this instant (epoch ms): retries wait. */
  notBefore: number;
}

/** An invocation given up after its retries or maximum age; the on-failure destination names where AWS would send it. */
export interface FailedInvocation extends QueuedInvocation {
  failedAt: number;
  condition: "RetriesExhausted" | "EventAgeExceeded" | "FunctionNotFound";
  errorType?: string;
  errorMessage?: string;
  destination?: string;
}

const QUEUE_TABLE = "lambda/async-queue";
const FAILED_TABLE = "lambda/async-failed";
/** Lambda's defaults: two retries, events kept up to six hours. */
const DEFAULT_RETRIES = 2;
const DEFAULT_MAX_AGE_S = 6 * 3600;
/** How many queued invocations run at once, across functions. */
const PARALLEL = 16;
/** A throttled event waits this long before it is tried again (not counted as an attempt). */
const THROTTLE_DELAY_MS = 200;

export interface AsyncQueueOptions {
  /** The first retry waits this long, the second twice as long (AWS: one and two minutes). */
  retryBaseMs: number;
}

/**
 * Lambda's internal queue for Event invocations: durable (it survives restarts and
 * `kill -9` once the request that queued it was answered), at-least-once, with AWS's
 * retry rules, and a record of every event it gave up on.
 */
export class AsyncInvocationQueue {
  private readonly store: StateStore;
  private readonly executor: Executor;
  private readonly options: AsyncQueueOptions;
  private readonly queue: Table<QueuedInvocation>;
  private readonly failed: Table<FailedInvocation>;
  private readonly runner: DueRunner<QueuedInvocation>;

  constructor(store: StateStore, executor: Executor, options: AsyncQueueOptions) {
    this.store = store;
    this.executor = executor;
    this.options = options;
    this.queue = store.table<QueuedInvocation>(QUEUE_TABLE);
    this.failed = store.table<FailedInvocation>(FAILED_TABLE);
    this.runner = new DueRunner(
      () => this.queue.values(),
      PARALLEL,
      (item) => this.run(item),
    );
  }

  /**
   * Records an invocation; it becomes durable with the caller's next flush. Call
   * `kick()` after that flush to run it.
   */
  enqueue(
    item: Omit<QueuedInvocation, "id" | "enqueuedAt" | "attempts" | "notBefore"> & { id?: string },
  ): string {
    const id = item.id ?? randomUUID();
    const now = Date.now();
    this.queue.set(id, { ...item, id, enqueuedAt: now, attempts: 0, notBefore: now });
    return id;
  }

  /** Events given up on, newest last. */
  failures(): FailedInvocation[] {
    return [...this.failed.values()].sort((a, b) => a.failedAt - b.failedAt);
  }

  pending(): number {
    return this.queue.size;
  }

  /** Runs whatever is due now, and schedules a wake-up for the next retry. */
  kick(): void {
    this.runner.kick();
  }

  stop(): void {
    this.runner.stop();
  }

  private async run(item: QueuedInvocation): Promise<void> {
    const state = new LambdaState(this.store, item.accountId, item.region);
    const fn = state.functions.get(item.functionName);
    if (!fn) {
      await this.giveUp(item, "FunctionNotFound", undefined, {
        errorType: "ResourceNotFoundException",
        errorMessage: `Function not found: ${state.arn(item.functionName, item.qualifier)}`,
      });
      return;
    }
    const invokeConfig = effectiveInvokeConfig(fn, item.qualifier);
    const destination = invokeConfig?.destinationConfig?.OnFailure?.Destination;
    const maxAgeMs = (invokeConfig?.maximumEventAgeInSeconds ?? DEFAULT_MAX_AGE_S) * 1000;
    if (Date.now() - item.enqueuedAt > maxAgeMs) {
      await this.giveUp(item, "EventAgeExceeded", destination, {});
      return;
    }
    let outcome: Awaited<ReturnType<Executor["invoke"]>>;
    try {
      const { config } = state.resolve(item.functionName, item.qualifier);
      checkInvocable(config);
      outcome = await this.executor.invoke({
        fn: await snapshotOf(state, fn, config),
        payload: Buffer.from(item.payload),
        requestId: item.id,
        ...(item.qualifier !== undefined ? { qualifier: item.qualifier } : {}),
        tailLog: false,
      });
    } catch (err) {
      if (err instanceof ConcurrencyLimitReached || isConflict(err)) {
        await this.save({ ...item, notBefore: Date.now() + THROTTLE_DELAY_MS });
        return;
      }
      outcome = {
        payload: Buffer.from(JSON.stringify({ errorType: "ServiceException", errorMessage: String(err) })),
        functionError: "Unhandled",
        durationMs: 0,
        billedDurationMs: 0,
        maxMemoryUsedMb: 0,
      };
    }
    if (outcome.functionError === undefined) {
      this.queue.delete(item.id);
      await this.store.flush();
      return;
    }
    const attempts = item.attempts + 1;
    const retries = invokeConfig?.maximumRetryAttempts ?? DEFAULT_RETRIES;
    if (attempts > retries) {
      await this.giveUp({ ...item, attempts }, "RetriesExhausted", destination, errorOf(outcome.payload));
      return;
    }
    const delay = this.options.retryBaseMs * 2 ** (attempts - 1);
    await this.save({ ...item, attempts, notBefore: Date.now() + delay });
  }

  private async save(item: QueuedInvocation): Promise<void> {
    this.queue.set(item.id, item);
    await this.store.flush();
  }

  private async giveUp(
    item: QueuedInvocation,
    condition: FailedInvocation["condition"],
    destination: string | undefined,
    error: { errorType?: string; errorMessage?: string },
  ): Promise<void> {
    this.failed.set(item.id, {
      ...item,
      failedAt: Date.now(),
      condition,
      ...error,
      ...(destination !== undefined ? { destination } : {}),
    });
    this.queue.delete(item.id);
    await this.store.flush();
  }
}

/** A function still being created or updated: try again shortly, as Lambda's own queue does. */
function isConflict(err: unknown): boolean {
  return err instanceof AwsError && err.code === "ResourceConflictException";
}

/** errorType and errorMessage from AWS's error payload, when it is one. */
function errorOf(payload: Buffer): { errorType?: string; errorMessage?: string } {
  try {
    const parsed = JSON.parse(payload.toString()) as { errorType?: unknown; errorMessage?: unknown };
    return {
      ...(typeof parsed.errorType === "string" ? { errorType: parsed.errorType } : {}),
      ...(typeof parsed.errorMessage === "string" ? { errorMessage: parsed.errorMessage } : {}),
    };
  } catch {
    return {};
  }
}
