import { randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { DueRunner } from "../../state/due-runner.ts";
import type { StateStore } from "../../state/store.ts";
import type { Table } from "../../state/table.ts";
import type { DeliveryFailures } from "./delivery-failures.ts";
import type { MessageType } from "./envelope.ts";
import { parseArn } from "./lookup.ts";
import { SnsState } from "./state.ts";

/** One message on its way to an HTTP/S endpoint, kept in the state store until it is delivered or given up. */
export interface HttpDelivery {
  id: string;
  messageType: MessageType;
  messageId: string;
  topicArn: string;
  subscriptionArn: string;
  endpoint: string;
  headers: Record<string, string>;
  body: string;
  /** The wait before each retry, from the effective delivery policy when the message was queued. */
  retryDelaysMs: number[];
  /** Attempts made so far. */
  attempts: number;
  /** Not tried before this instant (epoch ms). */
  notBefore: number;
}

const TABLE = "sns/http-deliveries";
/** Deliveries in flight at once, across endpoints. */
const PARALLEL = 16;
/** AWS gives an endpoint 15 seconds to answer. */
const TIMEOUT_MS = 15_000;

/** The outcome of one attempt: retried when the endpoint was unreachable, timed out, or answered 5xx or 429. */
type Attempt = { ok: true } | { ok: false; retry: boolean; reason: string };

/**
 * SNS's HTTP/S delivery: durable (queued deliveries survive restarts), at-least-once, with
 * the retry schedule of the subscription's effective delivery policy. Notifications for a
 * subscription that was deleted meanwhile are dropped, as AWS stops delivering them.
 */
export class HttpDeliveryQueue {
  private readonly store: StateStore;
  private readonly table: Table<HttpDelivery>;
  private readonly failures: DeliveryFailures;
  private readonly runner: DueRunner<HttpDelivery>;

  constructor(store: StateStore, failures: DeliveryFailures) {
    this.store = store;
    this.table = store.table<HttpDelivery>(TABLE);
    this.failures = failures;
    this.runner = new DueRunner(
      () => this.table.values(),
      PARALLEL,
      (item) =>
        this.run(item).catch((err: unknown) => {
          process.stderr.write(`darkroom: SNS HTTP delivery failed: ${String(err)}\n`);
        }),
    );
  }

  /** Records a delivery; durable with the caller's next flush. Call `kick()` after that flush. */
  enqueue(item: Omit<HttpDelivery, "id" | "attempts" | "notBefore">): void {
    const id = randomUUID();
    this.table.set(id, { ...item, id, attempts: 0, notBefore: Date.now() });
  }

  /** Starts whatever is due, and schedules a wake-up for the next retry. */
  kick(): void {
    this.runner.kick();
  }

  stop(): void {
    this.runner.stop();
  }

  private async run(item: HttpDelivery): Promise<void> {
    if (item.messageType === "Notification" && !this.subscriptionExists(item.subscriptionArn)) {
      this.table.delete(item.id);
      await this.store.flush();
      return;
    }
    const outcome = await post(item);
    if (this.runner.stopped) return;
    const attempts = item.attempts + 1;
    if (outcome.ok) {
      this.table.delete(item.id);
    } else if (outcome.retry && attempts <= item.retryDelaysMs.length) {
      this.table.set(item.id, {
        ...item,
        attempts,
        notBefore: Date.now() + item.retryDelaysMs[attempts - 1]!,
      });
    } else {
      this.table.delete(item.id);
      this.failures.record({
        messageId: item.messageId,
        topicArn: item.topicArn,
        subscriptionArn: item.subscriptionArn,
        protocol: item.endpoint.startsWith("https:") ? "https" : "http",
        endpoint: item.endpoint,
        attempts,
        reason: outcome.reason,
      });
    }
    await this.store.flush();
  }

  private subscriptionExists(subscriptionArn: string): boolean {
    try {
      const arn = parseArn(subscriptionArn, "SubscriptionArn");
      return new SnsState(this.store, arn.accountId, arn.region).subscriptions.has(subscriptionArn);
    } catch {
      return false;
    }
  }
}

function post(item: HttpDelivery): Promise<Attempt> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(item.endpoint);
    } catch {
      resolve({ ok: false, retry: false, reason: `invalid endpoint URL ${item.endpoint}` });
      return;
    }
    const body = Buffer.from(item.body, "utf8");
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: "POST",
        headers: { ...item.headers, "content-length": String(body.length) },
        timeout: TIMEOUT_MS,
      },
      (res) => {
        res.resume();
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 400) resolve({ ok: true });
          else resolve({ ok: false, retry: status >= 500 || status === 429, reason: `HTTP ${status}` });
        });
        res.on("error", (err) => resolve({ ok: false, retry: true, reason: err.message }));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    req.on("error", (err) => resolve({ ok: false, retry: true, reason: err.message }));
    req.end(body);
  });
}
