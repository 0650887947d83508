import { Controller, Get, Header, Inject, Req } from "@nestjs/common";
import { ApiForbiddenResponse, ApiTags } from "@nestjs/swagger";
import type { Request } from "express";
import { ZodResponse } from "nestjs-zod";
import { Public } from "../http/admin-token.guard.ts";
import { LocalSessionDto } from "./local-session.dto.ts";
import { LocalSessionService } from "./local-session.service.ts";

function header(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

@ApiTags("auth")
@Controller("auth")
export class LocalSessionController {
  readonly #sessions: LocalSessionService;

  constructor(@Inject(LocalSessionService) sessions: LocalSessionService) {
    this.#sessions = sessions;
  }

  /** Without the token (that is what it hands out), and only on localhost: see LocalSessionService. */
  @Get("local-session")
  @Public()
  @Header("Cache-Control", "no-store")
  @Header("Cross-Origin-Resource-Policy", "same-origin")
  @ZodResponse({
    status: 200,
    type: LocalSessionDto,
    description: "The admin token, for a console on this machine (loopback only)",
  })
  @ApiForbiddenResponse({ description: "Not on loopback, a foreign Host or Origin: sign in with the token" })
  localSession(@Req() request: Request) {
    return this.#sessions.grant({
      remoteAddress: request.socket.remoteAddress,
      localAddress: request.socket.localAddress,
      localPort: request.socket.localPort,
      host: header(request, "host"),
      origin: header(request, "origin"),
      fetchSite: header(request, "sec-fetch-site"),
    });
  }
}
