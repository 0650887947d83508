import { ForbiddenException, Inject, Injectable } from "@nestjs/common";
import { ADMIN_SETTINGS } from "../app/tokens.ts";
import type { AdminSettings } from "../settings/admin-settings.ts";
import type { LocalSession } from "./local-session.dto.ts";
import { isLoopbackAddress, isLoopbackHost, loopbackHostHeaders } from "./loopback.ts";

/** What the decision reads from one request: its connection and three headers. */
export interface SessionRequest {
  /** The connection's two ends, as the socket reports them. */
  remoteAddress: string | undefined;
  localAddress: string | undefined;
  localPort: number | undefined;
  host: string | undefined;
  origin: string | undefined;
  /** Sec-Fetch-Site, sent by current browsers: "cross-site" means another site asked. */
  fetchSite: string | undefined;
}

const SIGN_IN = "sign in with DARKROOM_ADMIN_TOKEN instead";

/**
 * Hands the admin token to a console on this machine, so `npm start` users never paste it.
 * Only when every fact says "this machine, this backend, our console": the backend listens on
 * loopback, the connection comes from loopback, the Host header names loopback and this port (a
 * rebound DNS name fails here), and a browser's Origin, if any, is a console origin or ours.
 */
@Injectable()
export class LocalSessionService {
  readonly #settings: AdminSettings;

  constructor(@Inject(ADMIN_SETTINGS) settings: AdminSettings) {
    this.#settings = settings;
  }

  grant(request: SessionRequest): LocalSession {
    const refusal = this.#refusal(request);
    if (refusal !== undefined) {
      throw new ForbiddenException({ error: "Forbidden", message: `${refusal}; ${SIGN_IN}` });
    }
    return { token: this.#settings.token };
  }

  #refusal(request: SessionRequest): string | undefined {
    const { host: listening } = this.#settings;
    if (!isLoopbackHost(listening)) {
      return `the backend listens on ${listening}, not only on this machine (DARKROOM_API_HOST), so it never hands out its token`;
    }
    if (!isLoopbackAddress(request.localAddress) || !isLoopbackAddress(request.remoteAddress)) {
      return `the token is handed out only to this machine, not to ${request.remoteAddress ?? "an unknown address"}`;
    }
    const allowedHosts = request.localPort === undefined ? [] : loopbackHostHeaders(request.localPort);
    const host = request.host?.toLowerCase();
    if (host === undefined || !allowedHosts.includes(host)) {
      return `the Host header must be one of ${allowedHosts.join(", ")}, not ${request.host ?? "missing"}`;
    }
    if (request.fetchSite === "cross-site") return "another site asked for the token";
    if (request.origin !== undefined) {
      const allowed = [...this.#settings.consoleOrigins, `http://${host}`];
      if (!allowed.includes(request.origin)) {
        return `the origin ${request.origin} is not the console's (DARKROOM_CONSOLE_ORIGINS: ${this.#settings.consoleOrigins.join(", ")})`;
      }
    }
    return undefined;
  }
}
