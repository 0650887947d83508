/**
 * Metric math syntax: numbers, query ids (lowercase first letter), functions and keywords
 * (uppercase), strings, [arrays], + - * / ^, comparisons, AND/&&, OR/||, NOT/!. Precedence,
 * lowest first: OR, AND, comparison, + -, * /, unary - and NOT, ^ (right-associative).
 */
export type MathNode =
  | { type: "number"; value: number }
  | { type: "string"; value: string }
  | { type: "id"; name: string }
  | { type: "keyword"; name: string }
  | { type: "call"; name: string; args: MathNode[] }
  | { type: "array"; items: MathNode[] }
  | { type: "unary"; op: "-" | "NOT"; arg: MathNode }
  | { type: "binary"; op: BinaryOp; left: MathNode; right: MathNode };

export type BinaryOp = "+" | "-" | "*" | "/" | "^" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "AND" | "OR";

/** A mistake in an expression: its text is what the caller is told. */
export class MathError extends Error {}

type Token =
  | { kind: "number"; value: number; at: number }
  | { kind: "string"; value: string; at: number }
  | { kind: "id" | "name" | "op"; text: string; at: number }
  | { kind: "end"; at: number };

const OPERATORS = [
  "==",
  "!=",
  "<=",
  ">=",
  "&&",
  "||",
  "+",
  "-",
  "*",
  "/",
  "^",
  "<",
  ">",
  "(",
  ")",
  "[",
  "]",
  ",",
  "!",
];
const QUOTES: Record<string, string> = { '"': '"', "'": "'", "\u201c": "\u201d" };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const number = /^(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(text.slice(i));
    if (number) {
      tokens.push({ kind: "number", value: Number(number[0]), at: i });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (word) {
      tokens.push({ kind: /^[a-z]/.test(word[0]) ? "id" : "name", text: word[0], at: i });
      i += word[0].length;
      continue;
    }
    const close = QUOTES[ch];
    if (close !== undefined) {
      const end = text.indexOf(close, i + 1);
      if (end < 0) throw new MathError(`Unterminated string at position ${i + 1}`);
      tokens.push({ kind: "string", value: text.slice(i + 1, end), at: i });
      i = end + 1;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) throw new MathError(`Unexpected character '${ch}' at position ${i + 1}`);
    tokens.push({ kind: "op", text: op, at: i });
    i += op.length;
  }
  tokens.push({ kind: "end", at: text.length });
  return tokens;
}

const COMPARISONS = new Set(["==", "!=", "<", "<=", ">", ">="]);

/** Parses one expression; throws MathError with where it went wrong. */
export function parseExpression(text: string): MathNode {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos]!;
  const isOp = (t: Token, ...ops: string[]) => t.kind === "op" && ops.includes(t.text);
  const isWord = (t: Token, ...words: string[]) => t.kind === "name" && words.includes(t.text);
  const expect = (op: string) => {
    const t = peek();
    if (!isOp(t, op)) throw unexpected(t, `'${op}'`);
    pos++;
  };

  const or = (): MathNode => {
    let left = and();
    while (isOp(peek(), "||") || isWord(peek(), "OR")) {
      pos++;
      left = { type: "binary", op: "OR", left, right: and() };
    }
    return left;
  };
  const and = (): MathNode => {
    let left = comparison();
    while (isOp(peek(), "&&") || isWord(peek(), "AND")) {
      pos++;
      left = { type: "binary", op: "AND", left, right: comparison() };
    }
    return left;
  };
  const comparison = (): MathNode => {
    let left = additive();
    for (let t = peek(); t.kind === "op" && COMPARISONS.has(t.text); t = peek()) {
      pos++;
      left = { type: "binary", op: t.text as BinaryOp, left, right: additive() };
    }
    return left;
  };
  const additive = (): MathNode => {
    let left = multiplicative();
    for (let t = peek(); isOp(t, "+", "-"); t = peek()) {
      pos++;
      left = { type: "binary", op: (t as { text: BinaryOp }).text, left, right: multiplicative() };
    }
    return left;
  };
  const multiplicative = (): MathNode => {
    let left = unary();
    for (let t = peek(); isOp(t, "*", "/"); t = peek()) {
      pos++;
      left = { type: "binary", op: (t as { text: BinaryOp }).text, left, right: unary() };
    }
    return left;
  };
  const unary = (): MathNode => {
    const t = peek();
    if (isOp(t, "-")) {
      pos++;
      return { type: "unary", op: "-", arg: unary() };
    }
    if (isOp(t, "+")) {
      pos++;
      return unary();
    }
    if (isOp(t, "!") || isWord(t, "NOT")) {
      pos++;
      return { type: "unary", op: "NOT", arg: unary() };
    }
    return power();
  };
  const power = (): MathNode => {
    const base = primary();
    if (!isOp(peek(), "^")) return base;
    pos++;
    return { type: "binary", op: "^", left: base, right: unary() };
  };
  const list = (closing: string): MathNode[] => {
    const items: MathNode[] = [];
    if (isOp(peek(), closing)) {
      pos++;
      return items;
    }
    for (;;) {
      items.push(or());
      if (isOp(peek(), ",")) {
        pos++;
        continue;
      }
      expect(closing);
      return items;
    }
  };
  const primary = (): MathNode => {
    const t = peek();
    pos++;
    switch (t.kind) {
      case "number":
        return { type: "number", value: t.value };
      case "string":
        return { type: "string", value: t.value };
      case "id":
        return { type: "id", name: t.text };
      case "name":
        if (isOp(peek(), "(")) {
          pos++;
          return { type: "call", name: t.text, args: list(")") };
        }
        return { type: "keyword", name: t.text };
      case "op":
        if (t.text === "(") {
          const inner = or();
          expect(")");
          return inner;
        }
        if (t.text === "[") return { type: "array", items: list("]") };
        throw unexpected(t, "a value");
      case "end":
        throw new MathError("Unexpected end of expression");
    }
  };

  const node = or();
  if (peek().kind !== "end") throw unexpected(peek(), "the end of the expression");
  return node;
}

function unexpected(t: Token, wanted: string): MathError {
  if (t.kind === "end") return new MathError(`Unexpected end of expression, expected ${wanted}`);
  const shown = t.kind === "number" || t.kind === "string" ? String(t.value) : t.text;
  return new MathError(`Unexpected '${shown}' at position ${t.at + 1}, expected ${wanted}`);
}

/** The query ids an expression refers to. */
export function referencedIds(node: MathNode, into = new Set<string>()): Set<string> {
  switch (node.type) {
    case "id":
      into.add(node.name);
      break;
    case "call":
      for (const a of node.args) referencedIds(a, into);
      break;
    case "array":
      for (const a of node.items) referencedIds(a, into);
      break;
    case "unary":
      referencedIds(node.arg, into);
      break;
    case "binary":
      referencedIds(node.left, into);
      referencedIds(node.right, into);
      break;
  }
  return into;
}

/** The functions an expression calls. */
export function calledFunctions(node: MathNode, into = new Set<string>()): Set<string> {
  if (node.type === "call") {
    into.add(node.name);
    for (const a of node.args) calledFunctions(a, into);
  } else if (node.type === "array") for (const a of node.items) calledFunctions(a, into);
  else if (node.type === "unary") calledFunctions(node.arg, into);
  else if (node.type === "binary") {
    calledFunctions(node.left, into);
    calledFunctions(node.right, into);
  }
  return into;
}
