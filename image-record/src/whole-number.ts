import { z } from "zod";

/**
 * A whole number given as a number (code, config) or as a string of digits (environment
 * variables, query strings), with one message for both; a plain z.union would only say
 * "Invalid input".
 */
export function wholeNumberSchema(message: string) {
  return z
    .union([z.number(), z.string()])
    .transform((value, ctx) => {
      if (typeof value === "string" && !/^[0-9]{1,15}$/.test(value)) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return Number(value);
    })
    .pipe(z.number().int(message));
}
