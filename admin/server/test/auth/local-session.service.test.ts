import { ForbiddenException } from "@nestjs/common";
import { describe, expect, it } from "vitest";
import { LocalSessionService, type SessionRequest } from "../../src/auth/local-session.service.ts";
import { loadAdminSettings } from "../../src/settings/admin-settings.ts";
import { CONSOLE_ORIGIN, TOKEN } from "../support/context.ts";

const PORT = 4080;

function service(host = "127.0.0.1"): LocalSessionService {
  return new LocalSessionService(
    loadAdminSettings({
      DARKROOM_ADMIN_TOKEN: TOKEN,
      DARKROOM_API_HOST: host,
      DARKROOM_API_PORT: String(PORT),
    }),
  );
}

/** A console on this machine asking through Vite's proxy: loopback both ends, the backend's own Host. */
const local: SessionRequest = {
  remoteAddress: "127.0.0.1",
  localAddress: "127.0.0.1",
  localPort: PORT,
  host: `127.0.0.1:${PORT}`,
  origin: undefined,
  fetchSite: undefined,
};

function refusal(request: Partial<SessionRequest>, listening?: string): string {
  try {
    service(listening).grant({ ...local, ...request });
  } catch (error) {
    expect(error).toBeInstanceOf(ForbiddenException);
    const body = (error as ForbiddenException).getResponse() as { error: string; message: string };
    expect(body.error).toBe("Forbidden");
    expect(body.message).toMatch(/sign in with DARKROOM_ADMIN_TOKEN instead$/);
    return body.message;
  }
  throw new Error("the token was handed out");
}

describe("the local session: the admin token for a console on this machine", () => {
  it("hands the token to loopback requests naming this port, with a console origin, its own or none", () => {
    const granted: Partial<SessionRequest>[] = [
      {},
      { host: `localhost:${PORT}`, origin: CONSOLE_ORIGIN, fetchSite: "same-site" },
      { host: `LOCALHOST:${PORT}`, origin: "http://127.0.0.1:5173" },
      { host: `127.0.0.1:${PORT}`, origin: `http://127.0.0.1:${PORT}`, fetchSite: "same-origin" },
      { remoteAddress: "::1", localAddress: "::1", host: `[::1]:${PORT}` },
      { remoteAddress: "::ffff:127.0.0.1", localAddress: "::ffff:127.0.0.1" },
      { remoteAddress: "127.0.0.53" },
    ];
    for (const request of granted) {
      expect(service().grant({ ...local, ...request }), JSON.stringify(request)).toEqual({ token: TOKEN });
    }
    expect(service("localhost").grant(local)).toEqual({ token: TOKEN });
    expect(service("::1").grant(local)).toEqual({ token: TOKEN });
  });

  it("refuses when the backend listens beyond loopback, whoever asks", () => {
    expect(refusal({}, "0.0.0.0")).toMatch(/^the backend listens on 0\.0\.0\.0, not only on this machine/);
    expect(refusal({}, "::")).toMatch(/listens on ::/);
    expect(refusal({}, "192.168.1.20")).toMatch(/listens on 192\.168\.1\.20/);
  });

  it("refuses connections from another machine", () => {
    expect(refusal({ remoteAddress: "192.168.1.7" })).toMatch(/only to this machine, not to 192\.168\.1\.7/);
    expect(refusal({ remoteAddress: "::ffff:10.0.0.3" })).toMatch(/not to ::ffff:10\.0\.0\.3/);
    expect(refusal({ remoteAddress: undefined })).toMatch(/not to an unknown address/);
    expect(refusal({ localAddress: "10.0.0.2" })).toMatch(/only to this machine/);
  });

  it("refuses a Host header that is not loopback and this port (DNS rebinding)", () => {
    expect(refusal({ host: `rebind.example:${PORT}` })).toBe(
      `the Host header must be one of localhost:${PORT}, 127.0.0.1:${PORT}, [::1]:${PORT}, not rebind.example:${PORT}; sign in with DARKROOM_ADMIN_TOKEN instead`,
    );
    expect(refusal({ host: "127.0.0.1:5173" })).toMatch(/not 127\.0\.0\.1:5173/);
    expect(refusal({ host: "127.0.0.1" })).toMatch(/not 127\.0\.0\.1;/);
    expect(refusal({ host: undefined })).toMatch(/not missing/);
  });

  it("refuses another site's origin, an opaque origin and cross-site fetches", () => {
    expect(refusal({ origin: "http://evil.example" })).toMatch(
      /^the origin http:\/\/evil\.example is not the console's \(DARKROOM_CONSOLE_ORIGINS: http:\/\/localhost:5173, http:\/\/127\.0\.0\.1:5173\)/,
    );
    expect(refusal({ origin: "null" })).toMatch(/the origin null is not the console's/);
    expect(refusal({ origin: "http://localhost:5174" })).toMatch(/is not the console's/);
    expect(refusal({ fetchSite: "cross-site" })).toMatch(/^another site asked for the token/);
  });
});
