import { readFileSync } from "node:fs";
import { basename } from "node:path";
import type { Page } from "@playwright/test";

export interface DroppedFile {
  name: string;
  type: string;
  bytes: Uint8Array;
}

/** The browser's file globals, as the page callback uses them (the root tsconfig checks Node code: no DOM lib). */
interface BrowserFileGlobals {
  DataTransfer: new () => { items: { add(file: unknown): void } };
  File: new (bits: Uint8Array[], name: string, options: { type: string }) => unknown;
}

export function fixtureFile(path: string, type: string): DroppedFile {
  return { name: basename(path), type, bytes: readFileSync(path) };
}

/**
 * Drops files on an element as a person dragging them from the desktop would: a DataTransfer
 * holding real File objects, through dragenter, dragover and drop.
 */
export async function dropFiles(page: Page, selector: string, files: DroppedFile[]): Promise<void> {
  const payload = files.map((file) => ({
    name: file.name,
    type: file.type,
    base64: Buffer.from(file.bytes).toString("base64"),
  }));
  const dataTransfer = await page.evaluateHandle((list) => {
    const browser = globalThis as unknown as BrowserFileGlobals;
    const transfer = new browser.DataTransfer();
    for (const file of list) {
      const bytes = Uint8Array.from(atob(file.base64), (char) => char.charCodeAt(0));
      transfer.items.add(new browser.File([bytes], file.name, { type: file.type }));
    }
    return transfer;
  }, payload);
  for (const type of ["dragenter", "dragover", "drop"]) {
    await page.dispatchEvent(selector, type, { dataTransfer });
  }
}
