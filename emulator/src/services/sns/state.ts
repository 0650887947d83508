import type { RequestContext } from "../../gateway/context.ts";
import type { StateStore } from "../../state/store.ts";
import type { Table } from "../../state/table.ts";
import type { SubscriptionRecord, TopicRecord } from "./model.ts";

/** SNS's tables for one account and region, keyed by ARN. */
export class SnsState {
  readonly accountId: string;
  readonly region: string;
  readonly topics: Table<TopicRecord>;
  readonly subscriptions: Table<SubscriptionRecord>;

  constructor(store: StateStore, accountId: string, region: string) {
    this.accountId = accountId;
    this.region = region;
    const prefix = `sns/${accountId}/${region}`;
    this.topics = store.table<TopicRecord>(`${prefix}/topics`);
    this.subscriptions = store.table<SubscriptionRecord>(`${prefix}/subscriptions`);
  }

  /** The caller's account and region. */
  static of(ctx: RequestContext): SnsState {
    return new SnsState(ctx.runtime.store, ctx.accountId, ctx.region);
  }

  topicArn(name: string): string {
    return `arn:aws:sns:${this.region}:${this.accountId}:${name}`;
  }

  /** The topic's subscriptions, oldest first. */
  subscriptionsOf(topicArn: string): SubscriptionRecord[] {
    const out: SubscriptionRecord[] = [];
    for (const sub of this.subscriptions.values()) if (sub.topicArn === topicArn) out.push(sub);
    return out.sort((a, b) => a.createdAt - b.createdAt || a.arn.localeCompare(b.arn));
  }
}
