/** The colour theme: the system's unless the user picked one (kept in localStorage). */
export type ThemeChoice = "system" | "light" | "dark";

const STORAGE_KEY = "darkroom-theme";

function stored(): ThemeChoice {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === "light" || value === "dark" ? value : "system";
  } catch {
    return "system";
  }
}

/** What <html data-theme> says; app.css reads it (absent: the system's preference). */
export function applyTheme(choice: ThemeChoice): void {
  if (choice === "system") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
}

class Theme {
  choice = $state<ThemeChoice>(stored());

  set(choice: ThemeChoice): void {
    this.choice = choice;
    applyTheme(choice);
    try {
      if (choice === "system") localStorage.removeItem(STORAGE_KEY);
      else localStorage.setItem(STORAGE_KEY, choice);
    } catch {
      // Storage off: the choice lasts until reload.
    }
  }

  /** system → light → dark → system. */
  next(): void {
    this.set(this.choice === "system" ? "light" : this.choice === "light" ? "dark" : "system");
  }
}

export const theme = new Theme();
