import { BadRequestException } from "@nestjs/common";

/** A 400 naming the parameter at fault, in the `{error, message, field}` shape of every error. */
export function badRequest(field: string, message: string): BadRequestException {
  return new BadRequestException({ error: "BadRequest", message: `${field}: ${message}`, field });
}
