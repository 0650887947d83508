import { z } from "zod";
import type { RequestContext } from "../../gateway/context.ts";
import { compareUtf8 } from "../../state/table.ts";
import type { LogsBackend } from "./backend.ts";
import { invalidParameter, limitExceeded, resourceNotFound } from "./errors.ts";
import { requireGroup } from "./group-lookup.ts";
import { compileMetricFilter } from "./metric-transformations.ts";
import type { MetricFilterRecord, MetricTransformationRecord } from "./model.ts";
import { decodeToken, encodeToken } from "./page-token.ts";
import type { LogsInput } from "./schemas.ts";
import { metricFilterShape } from "./shapes.ts";

/** Metric filters per log group, as AWS limits them. */
export const MAX_METRIC_FILTERS_PER_GROUP = 100;
const DEFAULT_LIMIT = 50;
const position = z.object({ group: z.string(), filter: z.string() });

/** Metric filters: put (create or replace), describe, delete. */
export function metricFilterOperations(backend: LogsBackend) {
  return {
    PutMetricFilter(input: LogsInput<"PutMetricFilter">, ctx: RequestContext) {
      const state = backend.of(ctx);
      const group = requireGroup(state, input.logGroupName);
      const transformations = input.metricTransformations.map(transformationRecord);
      compileMetricFilter(input.filterPattern, transformations);
      const filters = state.metricFilters(group.name);
      const existing = filters.get(input.filterName);
      if (!existing && filters.size >= MAX_METRIC_FILTERS_PER_GROUP) throw limitExceeded();
      filters.set(input.filterName, {
        filterName: input.filterName,
        filterPattern: input.filterPattern,
        metricTransformations: transformations,
        createdAt: existing?.createdAt ?? new Date().toISOString(),
        applyOnTransformedLogs: input.applyOnTransformedLogs ?? false,
      });
      return {};
    },

    DescribeMetricFilters(input: LogsInput<"DescribeMetricFilters">, ctx: RequestContext) {
      if ((input.metricName === undefined) !== (input.metricNamespace === undefined)) {
        throw invalidParameter(
          input.metricName === undefined
            ? "If you include the metricNamespace parameter in your request, you must also include the metricName parameter."
            : "If you include the metricName parameter in your request, you must also include the metricNamespace parameter.",
        );
      }
      const state = backend.of(ctx);
      const groups = input.logGroupName === undefined ? state.groups.keysSorted() : [input.logGroupName];
      if (input.logGroupName !== undefined) requireGroup(state, input.logGroupName);
      // AWS applies the name prefix only together with a group name.
      const prefix = input.logGroupName === undefined ? undefined : input.filterNamePrefix;
      const after = input.nextToken === undefined ? undefined : decodeToken(input.nextToken, position);
      const limit = input.limit ?? DEFAULT_LIMIT;
      const page: Array<{ group: string; filter: MetricFilterRecord }> = [];
      let more = false;
      outer: for (const group of groups) {
        if (after && group < after.group) continue;
        const table = state.metricFilters(group);
        for (const name of table.keysSorted()) {
          if (after && group === after.group && compareUtf8(name, after.filter) <= 0) continue;
          if (prefix !== undefined && !name.startsWith(prefix)) continue;
          const filter = table.get(name)!;
          if (
            input.metricName !== undefined &&
            !filter.metricTransformations.some((t) => matchesMetric(t, input))
          ) {
            continue;
          }
          if (page.length === limit) {
            more = true;
            break outer;
          }
          page.push({ group, filter });
        }
      }
      const last = page[page.length - 1];
      return {
        metricFilters: page.map(({ group, filter }) => metricFilterShape(group, filter)),
        nextToken:
          more && last ? encodeToken({ group: last.group, filter: last.filter.filterName }) : undefined,
      };
    },

    DeleteMetricFilter(input: LogsInput<"DeleteMetricFilter">, ctx: RequestContext) {
      const state = backend.of(ctx);
      requireGroup(state, input.logGroupName);
      if (!state.metricFilters(input.logGroupName).delete(input.filterName)) {
        throw resourceNotFound("The specified metric filter does not exist.");
      }
      return {};
    },
  };
}

function matchesMetric(
  t: MetricTransformationRecord,
  input: { metricName?: string; metricNamespace?: string },
) {
  return t.metricName === input.metricName && t.metricNamespace === input.metricNamespace;
}

/** The stored form: only the members that were given. */
function transformationRecord(t: LogsInput<"PutMetricFilter">["metricTransformations"][number]) {
  const record: MetricTransformationRecord = {
    metricName: t.metricName,
    metricNamespace: t.metricNamespace,
    metricValue: t.metricValue,
  };
  if (t.defaultValue !== undefined) record.defaultValue = t.defaultValue;
  if (t.dimensions !== undefined && Object.keys(t.dimensions).length > 0) record.dimensions = t.dimensions;
  if (t.unit !== undefined) record.unit = t.unit;
  return record;
}
