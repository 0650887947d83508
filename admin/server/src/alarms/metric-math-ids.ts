/**
 * Metric math's tokens as far as ids go: string literals (which may hold any word), numbers
 * (whose exponent is not a word) and words; ids are the words starting with a lower-case letter
 * (functions and keywords are upper-case).
 */
const TOKENS =
  /"[^"]*"|'[^']*'|\u201c[^\u201d]*\u201d|(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[A-Za-z_][A-Za-z0-9_]*/g;

/**
 * The expression with each id `renamed` names replaced, so that several alarms' expressions can
 * share one GetMetricData call whose ids must be unique. Metrics Insights queries (SELECT ...)
 * read metrics, never ids, and are returned as they are.
 */
export function renameMathIds(expression: string, renamed: ReadonlyMap<string, string>): string {
  if (/^\s*SELECT\b/i.test(expression)) return expression;
  return expression.replace(TOKENS, (token) => renamed.get(token) ?? token);
}
