import { API_BASE } from "../api/client.ts";
import { errorFrom, humanMessage } from "../api/errors.ts";

export type LocalSession = { token: string } | { token: null; reason: string };

/**
 * On localhost the backend hands its token to the console (GET /api/auth/local-session), so
 * `npm start` users never paste it; anywhere else it answers 403 and the sign-in screen asks.
 */
export async function askLocalSession(): Promise<LocalSession> {
  try {
    const response = await fetch(`${API_BASE}/auth/local-session`, {
      headers: { accept: "application/json" },
    });
    const body: unknown = await response.json().catch(() => undefined);
    if (response.ok && typeof (body as { token?: unknown }).token === "string") {
      return { token: (body as { token: string }).token };
    }
    return { token: null, reason: humanMessage(errorFrom(response, body)) };
  } catch (cause) {
    return { token: null, reason: humanMessage(cause) };
  }
}
