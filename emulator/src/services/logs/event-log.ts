import { pad } from "./identifiers.ts";
import type { LogStreamRecord, StoredEvent } from "./model.ts";
import type { LogsState } from "./state.ts";

/** An event on its way in: accepted, and in chronological order within its batch. */
export interface IncomingEvent {
  timestamp: number;
  message: string;
}

/**
 * A stream's events: each upload is appended as one chunk row (the stream row gets its
 * new counters), so a write costs the size of the batch, not of the stream. Reads go
 * through a sorted view of the stream built on first use and kept in memory; uploads in
 * time order extend it, and anything else (older events, deletion, expiry) drops it.
 */
export class EventLog {
  /** Sorted views by event table name, least recently built first. */
  private readonly views = new Map<string, StoredEvent[]>();

  append(
    state: LogsState,
    group: string,
    stream: LogStreamRecord,
    batch: readonly IncomingEvent[],
    ingestionTime: number,
  ): LogStreamRecord {
    if (batch.length === 0) return stream;
    const first = stream.nextSeq;
    state.events(group, stream.name).set(chunkKey(first), {
      first,
      ingestionTime,
      timestamps: batch.map((e) => e.timestamp),
      messages: batch.map((e) => e.message),
    });
    let bytes = 0;
    for (const e of batch) bytes += Buffer.byteLength(e.message, "utf8");
    const oldest = batch[0]!.timestamp;
    const newest = batch[batch.length - 1]!.timestamp;
    const updated: LogStreamRecord = {
      ...stream,
      nextSeq: first + batch.length,
      uploads: stream.uploads + 1,
      storedBytes: stream.storedBytes + bytes,
      firstEventTimestamp: Math.min(stream.firstEventTimestamp ?? oldest, oldest),
      lastEventTimestamp: Math.max(stream.lastEventTimestamp ?? newest, newest),
      lastIngestionTime: ingestionTime,
    };
    state.streams(group).set(stream.name, updated);

    const viewKey = state.eventTableName(group, stream.name);
    const view = this.views.get(viewKey);
    if (view) {
      const last = view[view.length - 1];
      if (last === undefined || last.timestamp <= oldest) {
        batch.forEach((e, i) => {
          view.push({ timestamp: e.timestamp, message: e.message, ingestionTime, seq: first + i });
        });
      } else {
        this.views.delete(viewKey);
      }
    }
    return updated;
  }

  /** The stream's events ordered by timestamp, then by arrival. Do not modify the array. */
  sorted(state: LogsState, group: string, stream: string): readonly StoredEvent[] {
    const viewKey = state.eventTableName(group, stream);
    let view = this.views.get(viewKey);
    if (!view) {
      view = [];
      for (const chunk of state.events(group, stream).values()) {
        chunk.timestamps.forEach((timestamp, i) => {
          view!.push({
            timestamp,
            message: chunk.messages[i]!,
            ingestionTime: chunk.ingestionTime,
            seq: chunk.first + i,
          });
        });
      }
      view.sort((a, b) => a.timestamp - b.timestamp || a.seq - b.seq);
      this.views.set(viewKey, view);
      // Views only save work; keep memory bounded in a long-running emulator.
      if (this.views.size > MAX_VIEWS) this.views.delete(this.views.keys().next().value!);
    }
    return view;
  }

  /** Deletes every event of a stream. */
  clear(state: LogsState, group: string, stream: string): void {
    const table = state.events(group, stream);
    for (const key of [...table.entries()].map(([k]) => k)) table.delete(key);
    this.views.delete(state.eventTableName(group, stream));
  }

  /**
   * Deletes the stream's events older than `cutoff` (retention). Chunks are chronological,
   * so expired events are a prefix: a chunk is deleted whole or rewritten without it.
   * Returns the stream with its counters updated, or null when nothing expired.
   */
  expire(state: LogsState, group: string, stream: LogStreamRecord, cutoff: number): LogStreamRecord | null {
    if (stream.firstEventTimestamp === undefined || stream.firstEventTimestamp >= cutoff) return null;
    const table = state.events(group, stream.name);
    let removedBytes = 0;
    let oldest: number | undefined;
    for (const [key, chunk] of [...table.entries()]) {
      let expired = 0;
      while (expired < chunk.timestamps.length && chunk.timestamps[expired]! < cutoff) expired++;
      for (let i = 0; i < expired; i++) removedBytes += Buffer.byteLength(chunk.messages[i]!, "utf8");
      if (expired === chunk.timestamps.length) {
        table.delete(key);
        continue;
      }
      if (expired > 0) {
        table.set(key, {
          first: chunk.first + expired,
          ingestionTime: chunk.ingestionTime,
          timestamps: chunk.timestamps.slice(expired),
          messages: chunk.messages.slice(expired),
        });
      }
      const head = chunk.timestamps[expired]!;
      oldest = oldest === undefined ? head : Math.min(oldest, head);
    }
    this.views.delete(state.eventTableName(group, stream.name));
    const updated: LogStreamRecord = {
      ...stream,
      storedBytes: Math.max(0, stream.storedBytes - removedBytes),
      firstEventTimestamp: oldest,
    };
    if (oldest === undefined) delete updated.firstEventTimestamp;
    state.streams(group).set(stream.name, updated);
    return updated;
  }
}

/** Streams whose sorted view stays in memory at once. */
const MAX_VIEWS = 1000;

/** Chunk keys sort by sequence number. */
function chunkKey(first: number): string {
  return pad(first, 16);
}
