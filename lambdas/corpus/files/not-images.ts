import { gzipSync } from "node:zlib";
import { htmlPage, pdfDocument, plainText, svgWithScript } from "../encoders/documents.ts";
import { zipArchive } from "../encoders/zip.ts";
import type { Builder } from "./builder.ts";

/** Files that are no accepted image, whatever their name and declared type say. */
export const notImageFiles = {
  "empty.jpg": async () => Buffer.alloc(0),
  "text-named.jpg": async () => plainText(),
  "html-as-jpeg.jpg": async () => htmlPage(),
  "pdf-named.jpg": async () => pdfDocument(),
  // gzip's header has a modification time: 0 (none) unless set, so the bytes do not change.
  "gzip-named.png": async () => gzipSync(plainText(), { level: 9 }),
  "zip-named.png": async () => zipArchive([{ name: "holiday.txt", data: plainText() }]),
  "svg-script.svg": async () => svgWithScript({ xmlProlog: false }),
  "svg-named.png": async () => svgWithScript({ xmlProlog: true }),
} satisfies Record<string, Builder>;
