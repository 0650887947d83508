import { BlockList, isIP } from "node:net";
import type { MessageAttribute } from "../model.ts";
import { type FilterScope, type JsonValue, type PolicyObject, parseCidr } from "./validate.ts";

/**
 * Filter policy matching. Every key of a policy must match (and one branch of each "$or");
 * a key matches when any of its rules matches any of the message's values for it. Values
 * are typed: strings match string rules, numbers numeric ones, as on SNS.
 */

type Scalar = string | number | boolean | null;

/** The values a message has under a key path; undefined when it has none (the key is absent). */
type Lookup = (path: readonly string[]) => Scalar[] | undefined;

export function matchesFilterPolicy(
  policy: PolicyObject,
  scope: FilterScope,
  message: { body: string; attributes: Record<string, MessageAttribute> },
): boolean {
  if (Object.keys(policy).length === 0) return true;
  if (scope === "MessageAttributes") return matchPolicy(policy, [], attributeLookup(message.attributes));
  let body: JsonValue;
  try {
    body = JSON.parse(message.body) as JsonValue;
  } catch {
    return false;
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) return false;
  return matchPolicy(policy, [], bodyLookup(body));
}

function matchPolicy(policy: PolicyObject, path: readonly string[], lookup: Lookup): boolean {
  return Object.entries(policy).every(([key, value]) => {
    if (key === "$or" && Array.isArray(value)) {
      return value.some((branch) => matchPolicy(branch as PolicyObject, path, lookup));
    }
    if (Array.isArray(value)) return matchRules(value, lookup([...path, key]));
    if (value !== null && typeof value === "object") return matchPolicy(value, [...path, key], lookup);
    return false;
  });
}

function matchRules(rules: JsonValue[], values: Scalar[] | undefined): boolean {
  return rules.some((rule) => matchRule(rule, values));
}

function matchRule(rule: JsonValue, values: Scalar[] | undefined): boolean {
  if (rule === null || typeof rule !== "object") return values?.some((v) => v === rule) ?? false;
  if (Array.isArray(rule)) return false;
  const [op, operand] = Object.entries(rule)[0] ?? [];
  if (op === "exists") return operand === true ? values !== undefined : values === undefined;
  if (values === undefined) return false;
  const strings = values.filter((v): v is string => typeof v === "string");
  const numbers = values.filter((v): v is number => typeof v === "number");
  switch (op) {
    case "prefix":
      return strings.some((s) => s.startsWith(operand as string));
    case "suffix":
      return strings.some((s) => s.endsWith(operand as string));
    case "equals-ignore-case":
      return strings.some((s) => s.toLowerCase() === (operand as string).toLowerCase());
    case "numeric":
      return numbers.some((n) => numericMatches(operand as JsonValue[], n));
    case "anything-but":
      return values.some((v) => !excluded(operand ?? null, v));
    case "cidr":
      return strings.some((s) => inCidr(operand as string, s));
    default:
      return false;
  }
}

function numericMatches(terms: JsonValue[], n: number): boolean {
  for (let i = 0; i + 1 < terms.length; i += 2) {
    const bound = terms[i + 1] as number;
    const ok =
      terms[i] === "="
        ? n === bound
        : terms[i] === ">"
          ? n > bound
          : terms[i] === ">="
            ? n >= bound
            : terms[i] === "<"
              ? n < bound
              : n <= bound;
    if (!ok) return false;
  }
  return true;
}

/** Whether anything-but's operand rules the value out. */
function excluded(operand: JsonValue, v: Scalar): boolean {
  if (Array.isArray(operand)) return operand.some((o) => o === v);
  if (operand !== null && typeof operand === "object") {
    const prefix = operand.prefix;
    return typeof prefix === "string" && typeof v === "string" && v.startsWith(prefix);
  }
  return operand === v;
}

function inCidr(cidr: string, value: string): boolean {
  const family = isIP(value);
  if (family === 0) return false;
  const range = parseCidr(cidr);
  const list = new BlockList();
  list.addSubnet(range.address, range.prefix, range.family);
  return list.check(value, family === 4 ? "ipv4" : "ipv6");
}

/** Message attributes: String as text, Number as a number, String.Array as its elements; Binary has no values. */
function attributeLookup(attributes: Record<string, MessageAttribute>): Lookup {
  return (path) => {
    if (path.length !== 1) return undefined;
    const attr = attributes[path[0]!];
    if (!attr) return undefined;
    if (attr.DataType.startsWith("Binary")) return [];
    const text = attr.StringValue ?? "";
    if (attr.DataType.startsWith("Number")) {
      const n = Number(text);
      return Number.isFinite(n) ? [n] : [];
    }
    if (attr.DataType === "String.Array") {
      try {
        const parsed = JSON.parse(text) as unknown;
        if (Array.isArray(parsed)) return parsed.filter(isScalar);
      } catch {
        // Not a JSON array: SNS then compares the text as it is.
      }
    }
    return [text];
  };
}

/** A JSON body: nested keys descend into objects, and through arrays of objects. */
function bodyLookup(body: { [key: string]: JsonValue }): Lookup {
  return (path) => {
    let nodes: JsonValue[] = [body];
    for (const key of path) {
      const next: JsonValue[] = [];
      for (const node of nodes) {
        for (const item of Array.isArray(node) ? node : [node]) {
          if (item !== null && typeof item === "object" && !Array.isArray(item) && Object.hasOwn(item, key)) {
            next.push(item[key]!);
          }
        }
      }
      if (next.length === 0) return undefined;
      nodes = next;
    }
    return nodes.flatMap((n) => (Array.isArray(n) ? n.filter(isScalar) : isScalar(n) ? [n] : []));
  };
}

function isScalar(v: unknown): v is Scalar {
  return v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean";
}
