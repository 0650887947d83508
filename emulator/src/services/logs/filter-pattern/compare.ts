import type { Comparator, Literal } from "./ast.ts";
import { isNumeric } from "./literals.ts";

/**
 * Whether a value taken from a log event satisfies `op literal`. Only scalars compare:
 * a missing value, null, an object or an array satisfies no comparison, not even `!=`,
 * as AWS only applies conditions to value nodes.
 */
export function satisfies(actual: unknown, op: Comparator, literal: Literal): boolean {
  if (typeof actual !== "string" && typeof actual !== "number" && typeof actual !== "boolean") return false;
  switch (literal.type) {
    case "number": {
      const n = toNumber(actual);
      return n !== null && compareNumbers(n, op, literal.value);
    }
    case "regex": {
      const found = literal.regex.test(String(actual));
      return op === "=" ? found : !found;
    }
    case "string": {
      const equal = matchesWildcard(String(actual), literal.value);
      return op === "=" ? equal : !equal;
    }
  }
}

function toNumber(actual: string | number | boolean): number | null {
  if (typeof actual === "number") return actual;
  if (typeof actual === "string" && isNumeric(actual.trim())) return Number(actual);
  return null;
}

function compareNumbers(a: number, op: Comparator, b: number): boolean {
  switch (op) {
    case "=":
      return a === b;
    case "!=":
      return a !== b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
  }
}

/**
 * Equality with AWS's wildcards: `*` alone matches anything, a leading `*` matches any
 * prefix and a trailing one any suffix; a `*` elsewhere is an ordinary character.
 */
export function matchesWildcard(actual: string, pattern: string): boolean {
  if (pattern === "*") return true;
  const leading = pattern.startsWith("*");
  const trailing = pattern.length > 1 && pattern.endsWith("*");
  const core = pattern.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  if (leading && trailing) return actual.includes(core);
  if (leading) return actual.endsWith(core);
  if (trailing) return actual.startsWith(core);
  return actual === core;
}
