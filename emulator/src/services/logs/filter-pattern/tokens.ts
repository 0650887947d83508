import type { Comparator } from "./ast.ts";
import { FilterPatternError } from "./errors.ts";

/** The tokens of JSON (`{ ... }`) and space-delimited (`[ ... ]`) patterns. */
export type Token =
  | { kind: "punct"; text: "{" | "}" | "(" | ")" | "[" | "]" | ","; at: number }
  | { kind: "logic"; text: "&&" | "||"; at: number }
  | { kind: "op"; text: Comparator; at: number }
  /** A double-quoted string, unescaped. */
  | { kind: "string"; text: string; at: number }
  | { kind: "regex"; regex: RegExp; at: number }
  /** Anything else: selectors, field names, keywords, numbers, bare strings. */
  | { kind: "word"; text: string; at: number };

/**
 * In JSON patterns brackets belong to selectors (`$.a[0]`), so they stay inside words;
 * in space-delimited patterns they open and close the field list.
 */
export type TokenMode = "json" | "delimited";

const WHITESPACE = /\s/;
const PUNCT: Record<TokenMode, string> = { json: "{}()", delimited: "[],(){}" };
const WORD_STOP = '=!<>&|"%';

/** Characters AWS accepts inside `%...%` (parentheses, for one, are refused). */
const REGEX_ALLOWED = /^[A-Za-z0-9_#=@/;,:\-^$?[\]{}|\\*+. ]*$/;

/** Regular expressions per JSON or space-delimited pattern, as AWS limits them. */
export const MAX_REGEXES_PER_PATTERN = 2;

export function tokenize(source: string, mode: TokenMode): Token[] {
  const tokens: Token[] = [];
  const punct = PUNCT[mode];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (WHITESPACE.test(c)) {
      i++;
      continue;
    }
    const at = i;
    if (punct.includes(c)) {
      tokens.push({ kind: "punct", text: c as "{", at });
      i++;
    } else if (c === "&" || c === "|") {
      if (source[i + 1] !== c) throw new FilterPatternError(`single '${c}' at ${at}`);
      tokens.push({ kind: "logic", text: c === "&" ? "&&" : "||", at });
      i += 2;
    } else if (c === "=" || c === "!" || c === "<" || c === ">") {
      const two = source.slice(i, i + 2);
      if (two === "!=" || two === "<=" || two === ">=") {
        tokens.push({ kind: "op", text: two, at });
        i += 2;
      } else if (c === "!") {
        throw new FilterPatternError(`'!' without '=' at ${at}`);
      } else {
        tokens.push({ kind: "op", text: c as Comparator, at });
        i++;
      }
    } else if (c === '"') {
      const { text, end } = readQuoted(source, i);
      tokens.push({ kind: "string", text, at });
      i = end;
    } else if (c === "%") {
      const end = source.indexOf("%", i + 1);
      if (end < 0) throw new FilterPatternError(`unterminated regular expression at ${at}`);
      tokens.push({ kind: "regex", regex: compileRegex(source.slice(i + 1, end)), at });
      i = end + 1;
    } else {
      let end = i;
      while (end < source.length) {
        const d = source[end]!;
        if (WHITESPACE.test(d) || punct.includes(d) || WORD_STOP.includes(d)) break;
        end++;
      }
      tokens.push({ kind: "word", text: source.slice(i, end), at });
      i = end;
    }
  }
  return tokens;
}

/** Reads a double-quoted string starting at `start`; `\"` and `\\` are escapes. */
export function readQuoted(source: string, start: number): { text: string; end: number } {
  let text = "";
  let i = start + 1;
  while (i < source.length) {
    const c = source[i]!;
    if (c === "\\" && (source[i + 1] === '"' || source[i + 1] === "\\")) {
      text += source[i + 1];
      i += 2;
    } else if (c === '"') {
      return { text, end: i + 1 };
    } else {
      text += c;
      i++;
    }
  }
  throw new FilterPatternError(`unterminated quoted string at ${start}`);
}

/** A `%...%` body as AWS allows it: a limited character set, no groups, no multi-byte characters. */
export function compileRegex(body: string): RegExp {
  if (body === "") throw new FilterPatternError("empty regular expression");
  if (!REGEX_ALLOWED.test(body)) throw new FilterPatternError(`unsupported character in %${body}%`);
  try {
    return new RegExp(body);
  } catch {
    throw new FilterPatternError(`invalid regular expression %${body}%`);
  }
}

/** A cursor over tokens with the few look-ahead helpers the parsers need. */
export class TokenStream {
  private readonly tokens: Token[];
  private index = 0;
  regexCount = 0;

  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  peek(): Token | undefined {
    return this.tokens[this.index];
  }

  next(): Token {
    const token = this.tokens[this.index++];
    if (!token) throw new FilterPatternError("unexpected end of pattern");
    return token;
  }

  /** Consumes the next token if it is this punctuation or logic operator. */
  accept(text: string): boolean {
    const token = this.peek();
    if (token && (token.kind === "punct" || token.kind === "logic") && token.text === text) {
      this.index++;
      return true;
    }
    return false;
  }

  expect(text: string): void {
    if (!this.accept(text)) {
      const token = this.peek();
      throw new FilterPatternError(`expected '${text}' at ${token ? token.at : "end"}`);
    }
  }

  atEnd(): boolean {
    return this.index >= this.tokens.length;
  }

  /** Counts a regular expression against the per-pattern limit. */
  countRegex(): void {
    this.regexCount++;
    if (this.regexCount > MAX_REGEXES_PER_PATTERN) {
      throw new FilterPatternError(`more than ${MAX_REGEXES_PER_PATTERN} regular expressions`);
    }
  }
}
