/**
 * A pattern CloudWatch Logs would refuse. AWS answers every such pattern with the same
 * InvalidParameterException message; `detail` says what was wrong, for tests and debugging.
 */
export class FilterPatternError extends Error {
  readonly detail: string;

  constructor(detail: string) {
    super("Invalid filter pattern");
    this.name = "FilterPatternError";
    this.detail = detail;
  }
}
