import { htmlPage } from "../encoders/documents.ts";
import { solidGif } from "../encoders/gif.ts";
import { seededBytes } from "../encoders/seeded-bytes.ts";
import { zipArchive } from "../encoders/zip.ts";
import type { Builder } from "./builder.ts";
import { photoJpeg } from "./photo.ts";

/** GIF89a's width bytes are "/*": the JavaScript comment that hides the binary. */
export const GIF_JS_WIDTH = 0x2a2f;
const COMMENT_END = Buffer.from("*/", "latin1");
const GIF_JS_TAIL = Buffer.from("*/=alert(document.domain);//", "latin1");

/**
 * `GIF89a/*…*\/=alert(document.domain);` is both a GIF and a script: served from the image's
 * origin as JavaScript, it runs. The binary between must not close the comment early, so the
 * first height from 10 up whose bytes hold no "*\/" is taken.
 */
export function gifJsPolyglot(): Buffer {
  for (let height = 10; height < 100; height++) {
    const gif = solidGif([{ width: GIF_JS_WIDTH, height, colour: [120, 40, 160], delayCs: 0 }]);
    if (gif.indexOf(COMMENT_END) === -1) return Buffer.concat([gif, GIF_JS_TAIL]);
  }
  throw new Error("no height gives a GIF without */");
}

/** Files that are an image and something else at once, or an image with bytes after its end. */
export const polyglotFiles = {
  "polyglot-gif-js.gif": async () => gifJsPolyglot(),
  /** A complete JPEG, then a ZIP whose offsets count from the file's start: a valid archive too. */
  "polyglot-jpeg-zip.jpg": async () => {
    const jpeg = await photoJpeg("chelsea");
    const zip = zipArchive(
      [
        { name: "index.html", data: htmlPage() },
        { name: "readme.txt", data: Buffer.from("This JPEG is also a ZIP archive.\n", "utf8") },
      ],
      jpeg.length,
    );
    return Buffer.concat([jpeg, zip]);
  },
  /** 64 KiB of noise after the JPEG's end-of-image marker. */
  "trailing-garbage.jpg": async () =>
    Buffer.concat([await photoJpeg("chelsea"), seededBytes(64 * 1024, 0xda7c)]),
} satisfies Record<string, Builder>;
