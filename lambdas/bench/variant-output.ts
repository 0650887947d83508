import type { OutputFormat } from "@darkroom/image-record";

/** One encoded variant, whichever implementation made it. */
export interface VariantOutput {
  name: string;
  format: OutputFormat;
  width: number;
  height: number;
  body: Buffer;
}

/** A way of turning an original's bytes into the five variants of VARIANT_SPECS. */
export interface Implementation {
  name: string;
  /** One line for the report: what it does, and how its variants run. */
  description: string;
  run(original: Buffer): Promise<VariantOutput[]>;
}
