import { FilterPatternError } from "./errors.ts";
import { readQuoted } from "./tokens.ts";

export interface Terms {
  all: string[];
  any: string[];
  none: string[];
}

/**
 * Terms for unstructured events: words or "quoted phrases", all of which must appear;
 * `?term` terms of which one must appear; `-term` terms that must not. Case-sensitive.
 */
export function parseTerms(source: string): Terms {
  const terms: Terms = { all: [], any: [], none: [] };
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    let list = terms.all;
    if (c === "?" || c === "-") {
      list = c === "?" ? terms.any : terms.none;
      i++;
      // AWS's own examples write an exclusion as `"ERROR" - "Exiting"`.
      while (i < source.length && /\s/.test(source[i]!)) i++;
      if (i >= source.length) throw new FilterPatternError(`'${c}' without a term`);
    }
    if (source[i] === '"') {
      const { text, end } = readQuoted(source, i);
      list.push(text);
      i = end;
    } else {
      let end = i;
      while (end < source.length && !/\s/.test(source[end]!) && source[end] !== '"') end++;
      list.push(source.slice(i, end));
      i = end;
    }
  }
  return terms;
}

export function matchTerms(terms: Terms, message: string): boolean {
  return (
    terms.all.every((t) => message.includes(t)) &&
    !terms.none.some((t) => message.includes(t)) &&
    (terms.any.length === 0 || terms.any.some((t) => message.includes(t)))
  );
}
