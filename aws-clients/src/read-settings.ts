import { z } from "zod";
import { setVariables } from "./set-variables.ts";

/** Settings that failed validation; the message names every bad or missing variable. */
export class InvalidSettingsError extends Error {
  override readonly name = "InvalidSettingsError";
}

/**
 * The one reader of environment settings (the Lambdas' configs, the endpoint settings, the
 * infrastructure's): empty variables count as unset, and one error lists every problem.
 */
export function readSettings<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
  what: string,
): z.output<S> {
  const parsed = schema.safeParse(setVariables(env));
  if (!parsed.success) throw new InvalidSettingsError(`invalid ${what}:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
