import type { EmulatorRuntime, RequestContext } from "../../gateway/context.ts";
import { embeddedMetrics } from "./emf.ts";
import { EventLog, type IncomingEvent } from "./event-log.ts";
import { metricDataFor } from "./metric-emitter.ts";
import { type CompiledMetricFilter, compileMetricFilter } from "./metric-transformations.ts";
import type { LogGroupRecord, LogStreamRecord, MetricFilterRecord } from "./model.ts";
import { LogsState, type Scope } from "./state.ts";

/** One backend per runtime: its sorted views must see every write to the runtime's store. */
const backends = new WeakMap<EmulatorRuntime, LogsBackend>();

/**
 * What the CloudWatch Logs operations, the in-process sink and the retention sweep share:
 * the runtime, the event log with its in-memory sorted views, and compiled metric filters.
 */
export class LogsBackend {
  readonly runtime: EmulatorRuntime;
  readonly events = new EventLog();
  /** Filter rows are replaced, never mutated, so a row's identity keys its compiled form. */
  private readonly compiled = new WeakMap<MetricFilterRecord, CompiledMetricFilter>();
  /** The background retention sweep's timer (see retention.ts); one per backend. */
  sweepTimer: NodeJS.Timeout | null = null;

  private constructor(runtime: EmulatorRuntime) {
    this.runtime = runtime;
  }

  /** The runtime's backend, created on first use. */
  static for(runtime: EmulatorRuntime): LogsBackend {
    let backend = backends.get(runtime);
    if (!backend) {
      backend = new LogsBackend(runtime);
      backends.set(runtime, backend);
    }
    return backend;
  }

  state(scope: Scope): LogsState {
    return new LogsState(this.runtime.store, scope);
  }

  /** The caller's account and region. */
  of(ctx: RequestContext): LogsState {
    return this.state({ accountId: ctx.accountId, region: ctx.region });
  }

  createGroup(state: LogsState, record: LogGroupRecord): LogGroupRecord {
    state.register();
    state.groups.set(record.name, record);
    return record;
  }

  /** Adds a stream, numbering it within its group. */
  createStream(state: LogsState, group: LogGroupRecord, name: string): LogStreamRecord {
    state.groups.set(group.name, { ...group, nextStreamId: group.nextStreamId + 1 });
    const stream: LogStreamRecord = {
      name,
      streamId: group.nextStreamId,
      createdAt: new Date().toISOString(),
      nextSeq: 1,
      uploads: 0,
      storedBytes: 0,
    };
    state.streams(group.name).set(name, stream);
    return stream;
  }

  deleteStream(state: LogsState, group: string, stream: string): void {
    this.events.clear(state, group, stream);
    state.streams(group).delete(stream);
  }

  /** Deletes a group with its streams, events and metric filters. */
  deleteGroup(state: LogsState, group: string): void {
    const streams = state.streams(group);
    for (const name of [...streams.keysSorted()]) this.deleteStream(state, group, name);
    const filters = state.metricFilters(group);
    for (const name of [...filters.keysSorted()]) filters.delete(name);
    state.groups.delete(group);
  }

  /**
   * Stores accepted events (chronological) in a stream, then runs the group's metric
   * filters over them, extracts embedded metric format documents, and hands the data
   * points to the runtime's metric store.
   */
  ingest(
    state: LogsState,
    group: string,
    stream: LogStreamRecord,
    batch: readonly IncomingEvent[],
    ingestionTime: number,
  ): LogStreamRecord {
    const updated = this.events.append(state, group, stream, batch, ingestionTime);
    const filters = [...state.metricFilters(group).values()].map((f) => this.compile(f));
    const filtered = filters.length > 0 ? metricDataFor(filters, batch, state) : [];
    const data = filtered.concat(embeddedMetrics(batch, state));
    if (data.length > 0) this.runtime.metrics.put(data);
    return updated;
  }

  private compile(record: MetricFilterRecord): CompiledMetricFilter {
    let compiled = this.compiled.get(record);
    if (!compiled) {
      compiled = compileMetricFilter(record.filterPattern, record.metricTransformations);
      this.compiled.set(record, compiled);
    }
    return compiled;
  }
}
