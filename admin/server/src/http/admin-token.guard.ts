import { createHash, timingSafeEqual } from "node:crypto";
import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  SetMetadata,
  UnauthorizedException,
} from "@nestjs/common";
import { Reflector } from "@nestjs/core";
import type { Request } from "express";
import { ADMIN_SETTINGS } from "../app/tokens.ts";
import type { AdminSettings } from "../settings/admin-settings.ts";

const PUBLIC = "darkroom:public";
/** Marks the one handler reachable without the token (health). */
export const Public = () => SetMetadata(PUBLIC, true);

/** Same-length digests, so the comparison takes the same time whatever the guess. */
export function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer ([\x21-\x7e]{1,512})$/.exec(header ?? "");
  return match?.[1];
}

/** `Authorization: Bearer <DARKROOM_ADMIN_TOKEN>` on every handler but the @Public ones. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  readonly #expected: Buffer;
  readonly #reflector: Reflector;

  constructor(@Inject(ADMIN_SETTINGS) settings: AdminSettings, @Inject(Reflector) reflector: Reflector) {
    this.#expected = digest(settings.token);
    this.#reflector = reflector;
  }

  canActivate(context: ExecutionContext): boolean {
    const isPublic = this.#reflector.getAllAndOverride<boolean>(PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const token = bearerToken(context.switchToHttp().getRequest<Request>().headers.authorization);
    if (token !== undefined && timingSafeEqual(digest(token), this.#expected)) return true;
    throw new UnauthorizedException({
      error: "Unauthorized",
      message: "send Authorization: Bearer <DARKROOM_ADMIN_TOKEN>",
    });
  }
}
