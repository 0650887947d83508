import {
  BadRequestException,
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
} from "@nestjs/common";
import { z } from "zod";
import { decodePageToken, encodePageToken } from "../../../../emulator/src/protocol/page-token.ts";
import { ADMIN_SETTINGS, ALARMS, METRIC_DATA, STACK_RESOURCES } from "../app/tokens.ts";
import {
  type Alarm,
  type AlarmHistoryEntry,
  type Alarms,
  InvalidNextTokenError,
} from "../repositories/alarms.repository.ts";
import type { MetricData } from "../repositories/metric-data.repository.ts";
import type { AdminSettings } from "../settings/admin-settings.ts";
import type { StackResources } from "../settings/stack-resources.ts";
import { isStackAlarm } from "./alarm-names.ts";
import { alarmSeriesQueries } from "./alarm-series-queries.ts";
import { transitionOf } from "./alarm-transition.ts";
import type {
  AlarmHistory,
  AlarmHistoryQueryDto,
  AlarmList,
  AlarmSeriesList,
  AlarmSeriesQueryDto,
  AlarmStateSet,
  AlarmView,
  SetAlarmStateBodyDto,
} from "./alarms.dto.ts";
import { alertTopicOf } from "./alert-topics.ts";

/** A history cursor: CloudWatch's NextToken, bound to the alarm it pages through. */
const historyCursorSchema = z.object({ alarm: z.string(), token: z.string() });

/** The stack's alarms: their configuration and state, their history, and drills. */
@Injectable()
export class AlarmsService {
  readonly #logger = new Logger("AlarmsService");
  readonly #alarms: Alarms;
  readonly #stack: StackResources;
  readonly #settings: AdminSettings;
  readonly #metrics: MetricData;

  constructor(
    @Inject(ALARMS) alarms: Alarms,
    @Inject(STACK_RESOURCES) stack: StackResources,
    @Inject(ADMIN_SETTINGS) settings: AdminSettings,
    @Inject(METRIC_DATA) metrics: MetricData,
  ) {
    this.#alarms = alarms;
    this.#stack = stack;
    this.#settings = settings;
    this.#metrics = metrics;
  }

  async list(): Promise<AlarmList> {
    const alarms = await this.#alarms.describe(this.#stack.alarmPrefix);
    return { prefix: this.#stack.alarmPrefix, items: alarms.map((alarm) => this.#view(alarm)) };
  }

  /**
   * What every alarm of the stack evaluates over the last `hours`, for the console's sparklines:
   * one GetMetricData call for all of them (alarm-series-queries.ts), with each alarm's threshold.
   */
  async series(query: AlarmSeriesQueryDto, now = Date.now()): Promise<AlarmSeriesList> {
    const alarms = await this.#alarms.describe(this.#stack.alarmPrefix);
    const { queries, plans } = alarmSeriesQueries(alarms);
    // Buckets on round times: the start floored to the longest period (every shorter one divides it here).
    const align = Math.max(60, ...plans.map((plan) => plan.periodSeconds ?? 0)) * 1000;
    const start = new Date(Math.floor((now - query.hours * 3_600_000) / align) * align);
    const end = new Date(now);
    const results = new Map((await this.#metrics.query(queries, { start, end })).map((r) => [r.id, r]));
    return {
      from: start.toISOString(),
      to: end.toISOString(),
      items: plans.map((plan) => {
        const result = plan.resultId === null ? undefined : results.get(plan.resultId);
        return {
          alarmName: plan.alarm.name,
          label: plan.label,
          threshold: plan.alarm.threshold,
          comparison: plan.alarm.comparison,
          period: plan.periodSeconds,
          stat: plan.stat,
          expression: plan.expression,
          unit: plan.alarm.unit,
          points: (result?.points ?? []).map((p) => ({ t: p.timestamp, v: p.value })),
          problem: plan.problem ?? result?.problem ?? null,
        };
      }),
    };
  }

  async history(name: string, query: AlarmHistoryQueryDto): Promise<AlarmHistory> {
    await this.#existing(name);
    const nextToken = query.cursor === undefined ? undefined : parseCursor(query.cursor, name);
    let page: Awaited<ReturnType<Alarms["history"]>>;
    try {
      page = await this.#alarms.history({ alarmName: name, limit: query.limit, nextToken });
    } catch (error) {
      if (error instanceof InvalidNextTokenError) throw badCursor("the cursor has expired: start again");
      throw error;
    }
    return {
      alarmName: name,
      items: page.items.map((entry) => historyItem(entry)),
      nextCursor:
        page.nextToken === undefined ? null : encodePageToken({ alarm: name, token: page.nextToken }),
    };
  }

  /**
   * SetAlarmState, for drills: the alarm takes the state (and runs its actions) until its next
   * evaluation. Refused on AWS, where it would page real people.
   */
  async setState(name: string, body: SetAlarmStateBodyDto): Promise<AlarmStateSet> {
    if (this.#settings.target === "aws") {
      throw new ForbiddenException({
        error: "Forbidden",
        message:
          "setting an alarm's state is for drills on the local and localstack targets; on aws it would notify the real alert subscribers",
      });
    }
    this.#assertStackAlarm(name);
    if ((await this.#alarms.setState(name, body.state, body.reason)) === "not-found")
      throw notFound(name, this.#stack.alarmPrefix);
    this.#logger.log({ msg: "set alarm state", alarm: name, state: body.state });
    return {
      name,
      state: body.state,
      reason: body.reason,
      note: "the alarm holds this state until its next evaluation, which may set it back",
    };
  }

  #view(alarm: Alarm): AlarmView {
    const actions = [...alarm.actions.alarm, ...alarm.actions.ok, ...alarm.actions.insufficientData];
    const topics = [...new Set(actions.flatMap((arn) => alertTopicOf(arn, this.#stack) ?? []))];
    return { ...alarm, topics };
  }

  #assertStackAlarm(name: string): void {
    if (!isStackAlarm(name, this.#stack.alarmPrefix)) throw notFound(name, this.#stack.alarmPrefix);
  }

  async #existing(name: string): Promise<Alarm> {
    this.#assertStackAlarm(name);
    const alarm = (await this.#alarms.describe(name)).find((a) => a.name === name);
    if (alarm === undefined) throw notFound(name, this.#stack.alarmPrefix);
    return alarm;
  }
}

function historyItem(entry: AlarmHistoryEntry) {
  return {
    timestamp: entry.timestamp,
    type: entry.type,
    summary: entry.summary,
    transition: transitionOf(entry),
    data: entry.data,
  };
}

function parseCursor(cursor: string, alarm: string): string {
  const parsed = decodePageToken(cursor, historyCursorSchema);
  if (parsed === undefined || parsed.alarm !== alarm)
    throw badCursor("invalid cursor: not one of this alarm's history");
  return parsed.token;
}

function badCursor(message: string): BadRequestException {
  return new BadRequestException({ error: "BadRequest", message, field: "cursor" });
}

function notFound(name: string, prefix: string): NotFoundException {
  return new NotFoundException({
    error: "NotFound",
    message: `no alarm ${name} in this stack (its alarms' names start with ${prefix})`,
  });
}
