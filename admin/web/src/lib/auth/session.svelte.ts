/**
 * The admin token for this tab. sessionStorage: it survives reloads, ends with the tab, and is
 * never sent anywhere but the backend's Authorization header.
 */
const STORAGE_KEY = "darkroom-admin-token";

function stored(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

class Session {
  token = $state<string | null>(stored());
  /** Why the last token was dropped, shown on the sign-in screen. */
  reason = $state<string | null>(null);

  signIn(token: string): void {
    this.token = token;
    this.reason = null;
    try {
      sessionStorage.setItem(STORAGE_KEY, token);
    } catch {
      // Storage may be off (private mode); the token then lives until reload.
    }
  }

  signOut(reason: string | null = null): void {
    this.token = null;
    this.reason = reason;
    try {
      sessionStorage.removeItem(STORAGE_KEY);
    } catch {
      // Nothing stored.
    }
  }
}

export const session = new Session();
