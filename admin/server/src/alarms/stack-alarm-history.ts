import { Inject, Injectable } from "@nestjs/common";
import { ALARMS, STACK_RESOURCES } from "../app/tokens.ts";
import type { AlarmHistoryEntry, Alarms } from "../repositories/alarms.repository.ts";
import type { StackResources } from "../settings/stack-resources.ts";
import { isStackAlarm } from "./alarm-names.ts";
import { type AlarmTransition, transitionOf } from "./alarm-transition.ts";

/** DescribeAlarmHistory's largest page. */
const ENTRIES_PER_CALL = 100;
/** Calls one request may make: the account's other alarms can fill pages the stack has no part in. */
const MAX_CALLS = 10;

export interface StackTransition {
  entry: AlarmHistoryEntry;
  transition: AlarmTransition;
}

/** Where a walk through the history stopped: CloudWatch's page, and how much of it was taken. */
export interface HistoryPosition {
  token?: string;
  skip: number;
}

/**
 * The state changes of the stack's alarms, from CloudWatch's alarm history. DescribeAlarmHistory
 * cannot filter by prefix, so the account's history is read and the stack's alarms kept.
 */
@Injectable()
export class StackAlarmHistory {
  readonly #alarms: Alarms;
  readonly #prefix: string;

  constructor(@Inject(ALARMS) alarms: Alarms, @Inject(STACK_RESOURCES) stack: StackResources) {
    this.#alarms = alarms;
    this.#prefix = stack.alarmPrefix;
  }

  /** Up to `limit` transitions, newest first, from `from`; `next` is where the following page starts. */
  async page(
    limit: number,
    from: HistoryPosition = { skip: 0 },
  ): Promise<{ items: StackTransition[]; next: HistoryPosition | null }> {
    const items: StackTransition[] = [];
    let position = from;
    for (let call = 0; call < MAX_CALLS; call++) {
      const page = await this.#alarms.history({
        stateUpdatesOnly: true,
        limit: ENTRIES_PER_CALL,
        ...(position.token !== undefined ? { nextToken: position.token } : {}),
      });
      for (let i = position.skip; i < page.items.length; i++) {
        const found = this.#transition(page.items[i]!);
        if (found) items.push(found);
        if (items.length === limit) {
          if (i + 1 < page.items.length) return { items, next: { ...position, skip: i + 1 } };
          return { items, next: page.nextToken ? { token: page.nextToken, skip: 0 } : null };
        }
      }
      if (!page.nextToken) return { items, next: null };
      position = { token: page.nextToken, skip: 0 };
    }
    return { items, next: position };
  }

  /** Every transition at or after `since`, oldest first. */
  async since(since: Date): Promise<StackTransition[]> {
    const found: StackTransition[] = [];
    let token: string | undefined;
    for (let call = 0; call < MAX_CALLS; call++) {
      const page = await this.#alarms.history({
        stateUpdatesOnly: true,
        since,
        limit: ENTRIES_PER_CALL,
        ...(token !== undefined ? { nextToken: token } : {}),
      });
      found.push(...page.items.flatMap((entry) => this.#transition(entry) ?? []));
      token = page.nextToken;
      if (!token) break;
    }
    return found.reverse();
  }

  #transition(entry: AlarmHistoryEntry): StackTransition | null {
    if (!isStackAlarm(entry.alarmName, this.#prefix)) return null;
    const transition = transitionOf(entry);
    return transition ? { entry, transition } : null;
  }
}
