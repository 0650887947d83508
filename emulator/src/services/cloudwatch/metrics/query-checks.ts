import { parseStatistic } from "../../../metrics/statistics.ts";
import type { MetricDataQuery } from "../fields.ts";
import { metricDataValidation } from "./errors.ts";
import { checkFunctions } from "./math/evaluate.ts";
import { MathError, type MathNode, parseExpression, referencedIds } from "./math/parse.ts";
import { isValidPeriod } from "./time-range.ts";

/** The request-level checks; returns each expression's parse. */
export function checkQueries(queries: readonly MetricDataQuery[]): Map<string, MathNode> {
  const ids = new Set<string>();
  for (const q of queries) {
    if (ids.has(q.Id))
      throw metricDataValidation("The values for parameter id in MetricDataQueries are not unique.");
    ids.add(q.Id);
  }
  const expressions = new Map<string, MathNode>();
  queries.forEach((q, i) => {
    const path = `MetricDataQueries.member.${i + 1}`;
    if (q.MetricStat && q.Expression !== undefined) {
      throw metricDataValidation(
        `The parameters ${path}.MetricStat and ${path}.Expression are mutually exclusive and you have specified both.`,
      );
    }
    if (q.MetricStat) {
      const stat = q.MetricStat;
      if (stat.Metric.Namespace === undefined)
        throw metricDataValidation(`The parameter ${path}.MetricStat.Metric.Namespace is required.`);
      if (stat.Metric.MetricName === undefined)
        throw metricDataValidation(`The parameter ${path}.MetricStat.Metric.MetricName is required.`);
      if (!parseStatistic(stat.Stat))
        throw metricDataValidation(
          `The value for parameter ${path}.MetricStat.Stat is not a valid statistic.`,
        );
      if (!isValidPeriod(stat.Period))
        throw metricDataValidation(
          `The value for parameter ${path}.MetricStat.Period is not a valid period.`,
        );
      return;
    }
    if (q.Expression === undefined) {
      throw metricDataValidation(
        `At least one of the parameters ${path}.MetricStat or ${path}.Expression must be specified.`,
      );
    }
    try {
      if (/^\s*SELECT\b/i.test(q.Expression)) {
        throw new MathError("Metrics Insights queries are not supported by the Darkroom emulator");
      }
      const node = parseExpression(q.Expression);
      checkFunctions(node);
      for (const ref of referencedIds(node)) {
        if (!ids.has(ref)) throw new MathError(`Unknown id ${ref}`);
      }
      expressions.set(q.Id, node);
    } catch (err) {
      if (err instanceof MathError) throw metricDataValidation(`Error in expression ${q.Id}: ${err.message}`);
      throw err;
    }
  });
  checkCycles(expressions);
  return expressions;
}

function checkCycles(expressions: ReadonlyMap<string, MathNode>): void {
  const done = new Set<string>();
  const visiting = new Set<string>();
  const visit = (id: string) => {
    if (done.has(id) || !expressions.has(id)) return;
    if (visiting.has(id)) throw metricDataValidation(`Error in expression ${id}: circular reference`);
    visiting.add(id);
    for (const ref of referencedIds(expressions.get(id)!)) visit(ref);
    visiting.delete(id);
    done.add(id);
  };
  for (const id of expressions.keys()) visit(id);
}
