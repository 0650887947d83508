import { BadRequestException, Inject, Injectable } from "@nestjs/common";
import { z } from "zod";
import { decodePageToken, encodePageToken } from "../../../../emulator/src/protocol/page-token.ts";
import { alertTopicOf } from "../alarms/alert-topics.ts";
import { StackAlarmHistory, type StackTransition } from "../alarms/stack-alarm-history.ts";
import { ALARMS, ALERT_INBOX, STACK_RESOURCES } from "../app/tokens.ts";
import type { Alarm, Alarms } from "../repositories/alarms.repository.ts";
import type { AlertInbox, InboxNotification } from "../repositories/alert-inbox.repository.ts";
import type { StackResources } from "../settings/stack-resources.ts";
import { parseAlarmNotification } from "./alarm-notification.ts";
import type { Alert, AlertList, AlertsQueryDto } from "./alerts.dto.ts";

const INBOX_NOTE =
  "Messages the stack's alert topics delivered, read from the emulator's inbox (the console's email-json subscription).";
const HISTORY_NOTE =
  "This target keeps no copy of what SNS delivered (AWS mails it and forgets it), so these are the state changes of the stack's alarms from CloudWatch's alarm history: each one sent its alarm's topic a notification when the alarm has an action for that state.";

const inboxCursor = z.object({ source: z.literal("inbox"), at: z.string(), id: z.string() });
const historyCursor = z.object({
  source: z.literal("alarm-history"),
  token: z.string().optional(),
  skip: z.number().int().min(0).max(100),
});

/** `GET /api/alerts`: what the alert topics delivered, newest first; from the inbox where there is one. */
@Injectable()
export class AlertsService {
  readonly #inbox: AlertInbox | null;
  readonly #history: StackAlarmHistory;
  readonly #alarms: Alarms;
  readonly #stack: StackResources;

  constructor(
    @Inject(ALERT_INBOX) inbox: AlertInbox | null,
    @Inject(StackAlarmHistory) history: StackAlarmHistory,
    @Inject(ALARMS) alarms: Alarms,
    @Inject(STACK_RESOURCES) stack: StackResources,
  ) {
    this.#inbox = inbox;
    this.#history = history;
    this.#alarms = alarms;
    this.#stack = stack;
  }

  get source(): AlertList["source"] {
    return this.#inbox ? "inbox" : "alarm-history";
  }

  async list(query: AlertsQueryDto): Promise<AlertList> {
    return this.#inbox ? this.#inboxPage(this.#inbox, query) : this.#historyPage(query);
  }

  /** Alerts delivered at or after `since` (epoch ms), oldest first: what the alert job publishes. */
  async since(since: number): Promise<Alert[]> {
    if (this.#inbox) return (await this.#inbox.notifications(since)).map((n) => this.#fromInbox(n));
    const [transitions, alarms] = await Promise.all([this.#history.since(new Date(since)), this.#byName()]);
    return transitions.map((t) => this.#fromHistory(t, alarms));
  }

  async #inboxPage(inbox: AlertInbox, query: AlertsQueryDto): Promise<AlertList> {
    const after = query.cursor === undefined ? undefined : parse(query.cursor, inboxCursor);
    const newestFirst = (await inbox.notifications())
      .map((n) => this.#fromInbox(n))
      .sort((a, b) => compare(b, a));
    const rest = after === undefined ? newestFirst : newestFirst.filter((alert) => compare(alert, after) < 0);
    const items = rest.slice(0, query.limit);
    const last = items.at(-1);
    return {
      source: "inbox",
      note: INBOX_NOTE,
      items,
      nextCursor:
        rest.length > items.length && last
          ? encodePageToken({ source: "inbox", at: last.at, id: last.id })
          : null,
    };
  }

  async #historyPage(query: AlertsQueryDto): Promise<AlertList> {
    const from = query.cursor === undefined ? undefined : parse(query.cursor, historyCursor);
    const [page, alarms] = await Promise.all([
      this.#history.page(
        query.limit,
        from ? { ...(from.token ? { token: from.token } : {}), skip: from.skip } : undefined,
      ),
      this.#byName(),
    ]);
    return {
      source: "alarm-history",
      note: HISTORY_NOTE,
      items: page.items.map((t) => this.#fromHistory(t, alarms)),
      nextCursor: page.next === null ? null : encodePageToken({ source: "alarm-history", ...page.next }),
    };
  }

  #fromInbox(notification: InboxNotification): Alert {
    return {
      id: notification.id,
      at: new Date(notification.timestamp).toISOString(),
      topic: alertTopicOf(notification.topicArn, this.#stack),
      subject: notification.subject,
      alarm: parseAlarmNotification(notification.message),
      message: notification.message,
    };
  }

  #fromHistory({ entry, transition }: StackTransition, alarms: Map<string, Alarm>): Alert {
    const alarm = alarms.get(transition.alarmName);
    const actions =
      transition.state === "ALARM"
        ? alarm?.actions.alarm
        : transition.state === "OK"
          ? alarm?.actions.ok
          : alarm?.actions.insufficientData;
    const topic = (actions ?? []).map((arn) => alertTopicOf(arn, this.#stack)).find((t) => t !== null);
    return {
      id: `${transition.alarmName}@${transition.at}`,
      at: transition.at,
      topic: topic ?? null,
      subject: entry.summary,
      alarm: { ...transition, description: alarm?.description ?? null },
      message: entry.data ?? "",
    };
  }

  async #byName(): Promise<Map<string, Alarm>> {
    const alarms = await this.#alarms.describe(this.#stack.alarmPrefix);
    return new Map(alarms.map((alarm) => [alarm.name, alarm]));
  }
}

/** Newest-first order: time, then id, so alerts delivered in the same millisecond keep one order. */
function compare(a: { at: string; id: string }, b: { at: string; id: string }): number {
  return a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function parse<T>(cursor: string, schema: z.ZodType<T>): T {
  const parsed = decodePageToken(cursor, schema);
  if (parsed === undefined) {
    throw new BadRequestException({
      error: "BadRequest",
      message: "invalid cursor: not one of this listing's",
      field: "cursor",
    });
  }
  return parsed;
}
