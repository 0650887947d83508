import { AwsError } from "../../../protocol/aws-error.ts";
import type { StateValue } from "./model.ts";

/**
 * A composite alarm's AlarmRule: ALARM(x), OK(x), INSUFFICIENT_DATA(x), TRUE, FALSE,
 * combined with NOT, AND, OR (binding in that order) and parentheses. x is an alarm
 * name or ARN, optionally in double quotes.
 */
export type RuleNode =
  | { type: "constant"; value: boolean }
  | { type: "state"; state: StateValue; alarm: string }
  | { type: "not"; operand: RuleNode }
  | { type: "and" | "or"; left: RuleNode; right: RuleNode };

type Token =
  | { kind: "word"; text: string; at: number }
  | { kind: "open"; at: number }
  | { kind: "close"; at: number };

const FUNCTIONS = new Set<string>(["ALARM", "OK", "INSUFFICIENT_DATA"]);

function invalid(detail: string): AwsError {
  return new AwsError("ValidationError", `Error in alarm rule: ${detail}`, 400);
}

function tokenize(rule: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < rule.length) {
    const c = rule[i]!;
    if (/\s/.test(c)) i++;
    else if (c === "(" || c === ")") {
      tokens.push(c === "(" ? { kind: "open", at: i } : { kind: "close", at: i });
      i++;
    } else {
      const start = i;
      while (i < rule.length && !/[\s()]/.test(rule[i]!)) i++;
      tokens.push({ kind: "word", text: rule.slice(start, i), at: start });
    }
  }
  return tokens;
}

class Parser {
  private readonly rule: string;
  private readonly tokens: Token[];
  private pos = 0;

  constructor(rule: string) {
    this.rule = rule;
    this.tokens = tokenize(rule);
  }

  parse(): RuleNode {
    const node = this.or();
    const extra = this.tokens[this.pos];
    if (extra) throw invalid(`unexpected input at position ${extra.at + 1}`);
    return node;
  }

  private peekWord(): string | undefined {
    const t = this.tokens[this.pos];
    return t?.kind === "word" ? t.text : undefined;
  }

  private or(): RuleNode {
    let left = this.and();
    while (this.peekWord() === "OR") {
      this.pos++;
      left = { type: "or", left, right: this.and() };
    }
    return left;
  }

  private and(): RuleNode {
    let left = this.not();
    while (this.peekWord() === "AND") {
      this.pos++;
      left = { type: "and", left, right: this.not() };
    }
    return left;
  }

  private not(): RuleNode {
    if (this.peekWord() === "NOT") {
      this.pos++;
      return { type: "not", operand: this.not() };
    }
    return this.primary();
  }

  private primary(): RuleNode {
    const t = this.tokens[this.pos];
    if (!t) throw invalid("unexpected end of the rule");
    if (t.kind === "open") {
      this.pos++;
      const inner = this.or();
      if (this.tokens[this.pos]?.kind !== "close")
        throw invalid(`missing ")" for "(" at position ${t.at + 1}`);
      this.pos++;
      return inner;
    }
    if (t.kind === "close") throw invalid(`unexpected ")" at position ${t.at + 1}`);
    if (t.text === "TRUE" || t.text === "FALSE") {
      this.pos++;
      return { type: "constant", value: t.text === "TRUE" };
    }
    if (FUNCTIONS.has(t.text) && this.tokens[this.pos + 1]?.kind === "open") {
      return { type: "state", state: t.text as StateValue, alarm: this.alarmArgument() };
    }
    throw invalid(`unexpected "${t.text}" at position ${t.at + 1}`);
  }

  /** The argument of ALARM(...): read from the text, since names may hold spaces and quotes. */
  private alarmArgument(): string {
    const open = this.tokens[this.pos + 1]!;
    let i = open.at + 1;
    while (i < this.rule.length && /\s/.test(this.rule[i]!)) i++;
    let name: string;
    let end: number;
    if (this.rule[i] === '"') {
      const close = this.rule.indexOf('"', i + 1);
      if (close < 0) throw invalid(`unterminated quote at position ${i + 1}`);
      name = this.rule.slice(i + 1, close);
      end = close + 1;
    } else {
      const close = this.rule.indexOf(")", i);
      end = close < 0 ? this.rule.length : close;
      name = this.rule.slice(i, end).trimEnd();
    }
    while (end < this.rule.length && /\s/.test(this.rule[end]!)) end++;
    if (this.rule[end] !== ")") throw invalid(`missing ")" for "(" at position ${open.at + 1}`);
    if (name === "") throw invalid(`an alarm name is missing at position ${open.at + 1}`);
    // Skip the tokens the argument spanned.
    while (this.pos < this.tokens.length && this.tokens[this.pos]!.at <= end) this.pos++;
    return name;
  }
}

export function parseAlarmRule(rule: string): RuleNode {
  return new Parser(rule).parse();
}

/** The alarms a rule names, each once, in order of appearance. */
export function ruleAlarms(node: RuleNode, out: string[] = []): string[] {
  switch (node.type) {
    case "constant":
      break;
    case "state":
      if (!out.includes(node.alarm)) out.push(node.alarm);
      break;
    case "not":
      ruleAlarms(node.operand, out);
      break;
    default:
      ruleAlarms(node.left, out);
      ruleAlarms(node.right, out);
  }
  return out;
}

/** Whether the rule holds, given each named alarm's state (undefined for an alarm that is gone). */
export function evaluateRule(node: RuleNode, stateOf: (alarm: string) => StateValue | undefined): boolean {
  switch (node.type) {
    case "constant":
      return node.value;
    case "state":
      return stateOf(node.alarm) === node.state;
    case "not":
      return !evaluateRule(node.operand, stateOf);
    case "and":
      return evaluateRule(node.left, stateOf) && evaluateRule(node.right, stateOf);
    case "or":
      return evaluateRule(node.left, stateOf) || evaluateRule(node.right, stateOf);
  }
}
