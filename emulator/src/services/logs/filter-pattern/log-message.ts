import { splitDelimited } from "./delimited-pattern.ts";

/**
 * An event's message with its JSON parse and its space-delimited words computed once,
 * however many patterns (metric filters, a FilterLogEvents query) look at it.
 */
export class LogMessage {
  readonly text: string;
  private parsed: { value: unknown } | null | undefined;
  private split: string[] | undefined;

  constructor(text: string) {
    this.text = text;
  }

  /** The message as a JSON object or array, or null when it is not one. */
  json(): { value: unknown } | null {
    if (this.parsed === undefined) this.parsed = parseJsonEvent(this.text);
    return this.parsed;
  }

  words(): string[] {
    this.split ??= splitDelimited(this.text);
    return this.split;
  }
}

function parseJsonEvent(text: string): { value: unknown } | null {
  const first = text.trimStart()[0];
  if (first !== "{" && first !== "[") return null;
  try {
    return { value: JSON.parse(text) };
  } catch {
    return null;
  }
}
