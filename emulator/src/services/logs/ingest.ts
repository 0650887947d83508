import type { LogsBackend } from "./backend.ts";
import type { LogLine, LogSink, LogTarget } from "./log-sink.ts";
import type { LogGroupRecord } from "./model.ts";

const GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const STREAM_NAME = /^[^:*]{1,512}$/;

/**
 * The in-process way into CloudWatch Logs (Lambda's log lines): creates the group and
 * stream when missing, stores the lines in time order and runs the group's metric
 * filters, as PutLogEvents does, without its age and batch-size rules. The store is
 * asked to flush, so lines written outside any request become durable too.
 */
export class LogsIngest implements LogSink {
  private readonly backend: LogsBackend;

  constructor(backend: LogsBackend) {
    this.backend = backend;
  }

  append(target: LogTarget, lines: readonly LogLine[]): void {
    if (!GROUP_NAME.test(target.group)) throw new TypeError(`invalid log group name: ${target.group}`);
    if (!STREAM_NAME.test(target.stream)) throw new TypeError(`invalid log stream name: ${target.stream}`);
    const backend = this.backend;
    const state = backend.state({ accountId: target.accountId, region: target.region });
    let group = state.groups.get(target.group);
    if (!group) {
      const record: LogGroupRecord = {
        name: target.group,
        createdAt: new Date().toISOString(),
        logGroupClass: "STANDARD",
        tags: {},
        nextStreamId: 1,
      };
      group = backend.createGroup(state, record);
    }
    const stream =
      state.streams(group.name).get(target.stream) ?? backend.createStream(state, group, target.stream);
    if (lines.length > 0) {
      // Stable, so lines with equal timestamps keep their order.
      const batch = [...lines].sort((a, b) => a.timestamp - b.timestamp);
      backend.ingest(state, group.name, stream, batch, Date.now());
    }
    backend.runtime.store.flush().catch((err: unknown) => {
      process.stderr.write(`darkroom: could not persist log lines for ${target.group}: ${String(err)}\n`);
    });
  }
}
