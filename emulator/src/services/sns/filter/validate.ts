import { isIP } from "node:net";

/**
 * Filter policy validation, with SNS's limits and wording. AWS appends the position of the
 * offending token from its JSON parser (" at [Source: ...; line: 1, column: N]"); the
 * emulator does not.
 */

export type FilterScope = "MessageAttributes" | "MessageBody";

/** A policy AWS refuses; `bare` messages are not prefixed with "FilterPolicy: ". */
export class FilterPolicyError extends Error {
  readonly bare: boolean;

  constructor(message: string, bare = false) {
    super(message);
    this.bare = bare;
  }
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type PolicyObject = { [key: string]: JsonValue };

const MAX_KEYS = 5;
const MAX_COMBINATIONS = 150;

/** Parses and checks a policy; "{}" is valid and filters nothing. */
export function parseFilterPolicy(text: string, scope: FilterScope): PolicyObject {
  let doc: JsonValue;
  try {
    doc = JSON.parse(text) as JsonValue;
  } catch (err) {
    throw new FilterPolicyError(`failed to parse JSON. ${(err as Error).message}`);
  }
  if (!isObject(doc)) throw new FilterPolicyError("Filter policy must be a JSON object");
  const nested = checkPolicy(doc);
  if (nested && scope === "MessageAttributes") {
    throw new FilterPolicyError(
      "Filter policy scope MessageAttributes does not support nested filter policy",
      true,
    );
  }
  checkComplexity(doc);
  return doc;
}

function isObject(v: JsonValue | undefined): v is { [key: string]: JsonValue } {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Checks every rule; true when a key holds a nested policy (only message bodies have those). */
function checkPolicy(policy: PolicyObject): boolean {
  let nested = false;
  for (const [key, value] of Object.entries(policy)) {
    if (key === "$or") {
      if (!Array.isArray(value) || value.length === 0 || !value.every(isObject)) {
        throw new FilterPolicyError('"$or" must be an array of filter policies');
      }
      for (const branch of value) nested = checkPolicy(branch as PolicyObject) || nested;
    } else if (Array.isArray(value)) {
      if (value.length === 0) throw new FilterPolicyError("Empty arrays are not allowed");
      for (const rule of value) checkRule(rule);
    } else if (isObject(value)) {
      checkPolicy(value);
      nested = true;
    } else {
      throw new FilterPolicyError(`"${key}" must be an object or an array`);
    }
  }
  return nested;
}

function checkRule(rule: JsonValue): void {
  if (rule === null || typeof rule !== "object") return;
  if (Array.isArray(rule))
    throw new FilterPolicyError("Match value must be String, number, true, false, or null");
  const keys = Object.keys(rule);
  if (keys.length === 0) throw new FilterPolicyError("Empty objects are not allowed");
  if (keys.length > 1) throw new FilterPolicyError("Only one key allowed in match expression");
  const op = keys[0]!;
  const operand = rule[op]!;
  switch (op) {
    case "prefix":
    case "suffix":
    case "equals-ignore-case":
      if (typeof operand !== "string") throw new FilterPolicyError(`${op} match pattern must be a string`);
      return;
    case "exists":
      if (typeof operand !== "boolean") {
        throw new FilterPolicyError("exists match pattern must be either true or false.");
      }
      return;
    case "anything-but":
      checkAnythingBut(operand);
      return;
    case "numeric":
      checkNumeric(operand);
      return;
    case "cidr":
      // AWS words a non-string CIDR like a prefix.
      if (typeof operand !== "string") throw new FilterPolicyError("prefix match pattern must be a string");
      parseCidr(operand);
      return;
    default:
      throw new FilterPolicyError(`Unrecognized match type ${op}`);
  }
}

function checkAnythingBut(operand: JsonValue): void {
  if (typeof operand === "string" || typeof operand === "number") return;
  if (Array.isArray(operand)) {
    if (operand.length === 0) throw new FilterPolicyError("Empty arrays are not allowed");
    for (const v of operand) {
      if (typeof v !== "string" && typeof v !== "number") {
        throw new FilterPolicyError(
          `Inside anything but list, ${v === null ? "null" : typeof v} is not supported.`,
        );
      }
    }
    return;
  }
  if (isObject(operand)) {
    const keys = Object.keys(operand);
    if (keys.length !== 1) throw new FilterPolicyError("Only one key allowed in match expression");
    if (keys[0] !== "prefix") throw new FilterPolicyError(`Unsupported anything-but pattern: ${keys[0]}`);
    if (typeof operand.prefix !== "string")
      throw new FilterPolicyError("prefix match pattern must be a string");
    return;
  }
  throw new FilterPolicyError("Value of anything-but must be an array or single string/number value.");
}

const LOWER = new Set([">", ">="]);
const UPPER = new Set(["<", "<="]);

function checkNumeric(operand: JsonValue): void {
  if (!Array.isArray(operand)) throw new FilterPolicyError("Value of numeric must be an array.");
  if (operand.length === 0) throw new FilterPolicyError("Invalid member in numeric match: ]");
  const [first, firstValue, second, secondValue] = operand;
  if (typeof first !== "string")
    throw new FilterPolicyError(`Invalid member in numeric match: ${show(first)}`);
  const mustBeNumber = (op: string, v: JsonValue | undefined) => {
    if (typeof v !== "number") throw new FilterPolicyError(`Value of ${op} must be numeric`);
  };
  if (first === "=") {
    mustBeNumber("equals", firstValue);
    if (operand.length > 2) throw new FilterPolicyError("Too many elements in numeric expression");
    return;
  }
  if (UPPER.has(first)) {
    mustBeNumber(first, firstValue);
    if (operand.length > 2) throw new FilterPolicyError("Too many elements in numeric expression");
    return;
  }
  if (!LOWER.has(first)) throw new FilterPolicyError(`Unrecognized numeric range operator: ${first}`);
  mustBeNumber(first, firstValue);
  if (operand.length === 2) return;
  if (typeof second !== "string") throw new FilterPolicyError(`Bad value in numeric range: ${show(second)}`);
  if (!UPPER.has(second)) throw new FilterPolicyError(`Bad numeric range operator: ${second}`);
  mustBeNumber(second, secondValue);
  if ((firstValue as number) >= (secondValue as number))
    throw new FilterPolicyError("Bottom must be less than top");
  if (operand.length > 4) throw new FilterPolicyError("Too many terms in numeric range expression");
}

function show(v: JsonValue | undefined): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

export interface Cidr {
  address: string;
  prefix: number;
  family: "ipv4" | "ipv6";
}

export function parseCidr(text: string): Cidr {
  const parts = text.split("/");
  if (parts.length !== 2) throw new FilterPolicyError("Malformed CIDR, one '/' required");
  const [address, bits] = parts as [string, string];
  const version = isIP(address);
  if (version === 0) throw new FilterPolicyError(`Nonstandard IP address: ${address}`);
  if (!/^\d+$/.test(bits)) throw new FilterPolicyError("Malformed CIDR, mask bits must be an integer");
  const prefix = Number(bits);
  const max = version === 4 ? 32 : 128;
  if (prefix > max) throw new FilterPolicyError(`Malformed CIDR, mask bits must be between 0 and ${max}`);
  return { address, prefix, family: version === 4 ? "ipv4" : "ipv6" };
}

/** One way the policy can match: how many keys it tests, and how many value combinations. */
interface Alternative {
  keys: number;
  combinations: number;
}

const MAX_ALTERNATIVES = 1000;

/** AWS's limits: at most 5 keys per way of matching, at most 150 value combinations in all. */
function checkComplexity(policy: PolicyObject): void {
  const alternatives = alternativesOf(policy);
  if (alternatives.some((a) => a.keys > MAX_KEYS)) {
    throw new FilterPolicyError(`Filter policy can not have more than ${MAX_KEYS} keys`);
  }
  const total = alternatives.reduce((sum, a) => sum + a.combinations, 0);
  if (total > MAX_COMBINATIONS) throw new FilterPolicyError("Filter policy is too complex");
}

function alternativesOf(policy: PolicyObject): Alternative[] {
  let alts: Alternative[] = [{ keys: 0, combinations: 1 }];
  for (const [key, value] of Object.entries(policy)) {
    if (key === "$or" && Array.isArray(value)) {
      alts = cross(
        alts,
        value.flatMap((branch) => alternativesOf(branch as PolicyObject)),
      );
    } else if (Array.isArray(value)) {
      alts = alts.map((a) => ({ keys: a.keys + 1, combinations: a.combinations * value.length }));
    } else if (isObject(value)) {
      alts = cross(alts, alternativesOf(value));
    }
    if (alts.length > MAX_ALTERNATIVES) throw new FilterPolicyError("Filter policy is too complex");
  }
  return alts;
}

function cross(a: Alternative[], b: Alternative[]): Alternative[] {
  return a.flatMap((x) =>
    b.map((y) => ({ keys: x.keys + y.keys, combinations: x.combinations * y.combinations })),
  );
}
