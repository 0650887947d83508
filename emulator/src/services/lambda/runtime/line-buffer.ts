/**
 * Splits raw output into lines, as Lambda turns each line a function writes to stdout
 * or stderr into one log event; an unfinished line waits for the rest or a flush.
 */
export class LineBuffer {
  private pending = "";

  /** The complete lines in `text` (without their newlines). */
  push(text: string): string[] {
    const parts = (this.pending + text).split("\n");
    this.pending = parts.pop()!;
    return parts;
  }

  /** The unfinished line, if any, which is then forgotten. */
  flush(): string[] {
    const rest = this.pending;
    this.pending = "";
    return rest === "" ? [] : [rest];
  }
}
