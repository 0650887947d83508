import type { SelectorStep } from "./ast.ts";
import { FilterPatternError } from "./errors.ts";

/** One `*` per selector, as AWS allows. */
const MAX_WILDCARDS = 1;

/**
 * Parses a JSON property selector: `$` followed by `.name`, `[index]`, `.*` or `[*]` steps,
 * e.g. `$.users[0].email`. Metric values and dimensions use the same syntax.
 */
export function parseSelector(text: string): SelectorStep[] {
  if (!text.startsWith("$")) throw new FilterPatternError(`selector '${text}' must start with $`);
  const steps: SelectorStep[] = [];
  let i = 1;
  while (i < text.length) {
    const c = text[i];
    if (c === ".") {
      let end = i + 1;
      while (end < text.length && text[end] !== "." && text[end] !== "[") end++;
      const key = text.slice(i + 1, end);
      if (key === "" || key.includes("]")) throw new FilterPatternError(`bad selector '${text}'`);
      steps.push(key === "*" ? { wildcard: true } : { key });
      i = end;
    } else if (c === "[") {
      const end = text.indexOf("]", i);
      const inner = end < 0 ? "" : text.slice(i + 1, end);
      if (inner === "*") steps.push({ wildcard: true });
      else if (/^\d+$/.test(inner)) steps.push({ index: Number(inner) });
      else throw new FilterPatternError(`bad array index in '${text}'`);
      i = end + 1;
    } else {
      throw new FilterPatternError(`bad selector '${text}'`);
    }
  }
  if (steps.length === 0) throw new FilterPatternError("a selector must name a property");
  if (steps.filter((s) => "wildcard" in s).length > MAX_WILDCARDS) {
    throw new FilterPatternError(`more than ${MAX_WILDCARDS} wildcard in '${text}'`);
  }
  return steps;
}

/** Every node a selector reaches in `root` (several only through a wildcard); empty when none. */
export function selectNodes(root: unknown, steps: readonly SelectorStep[]): unknown[] {
  let nodes: unknown[] = [root];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const node of nodes) {
      if ("wildcard" in step) {
        if (Array.isArray(node)) next.push(...node);
        else if (isObject(node)) next.push(...Object.values(node));
      } else if ("index" in step) {
        if (Array.isArray(node) && step.index < node.length) next.push(node[step.index]);
      } else if (isObject(node) && Object.hasOwn(node, step.key)) {
        next.push(node[step.key]);
      }
    }
    nodes = next;
  }
  return nodes;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
