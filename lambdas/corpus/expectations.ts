import type { FailureCode, InputFormat, Orientation } from "@darkroom/image-record";
import type { CorpusFileName } from "./builders.ts";
import type { Rgb } from "./encoders/gif.ts";
import { SIZE_LIMIT_BYTES } from "./files/builder.ts";
import { ORIENTATION_MARK } from "./files/geometry.ts";
import type { SourceName } from "./sources.ts";

/** Where a pixel check looks, in the variant as displayed; 10 px in from the edges. */
export type PixelSpot = "centre" | "top-left" | "top-right" | "bottom-left";

export interface PixelCheck {
  at: PixelSpot;
  rgb: Rgb;
  /** Largest difference allowed in any channel. */
  tolerance: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface ExpectProcessed {
  status: "PROCESSED";
  /** The record's format, detected from the bytes. */
  format: InputFormat;
  /** The original's size as stored (before orientation), as the record holds it. */
  original: Size;
  /** The record's EXIF orientation, checked when given. */
  orientation?: Orientation;
  /** compressed, low, webp and png: displayed size within 4096x4096 (the thumbnail is always 300x300). */
  fullSize: Size;
  /** Frames of the WebP variant: 1 for a still image. */
  webpFrames: number;
  /** Pixels of the PNG variant (lossless, so only resampling moves them). */
  pixels?: readonly PixelCheck[];
  /**
   * The PNG variant against a source photograph scaled (cover) to the same size: the mean
   * difference per channel stays under `maxMeanDifference` (0-255), so colours were converted,
   * not inverted or misread.
   */
  looksLike?: { source: SourceName; maxMeanDifference: number };
}

export interface ExpectFailed {
  status: "FAILED";
  code: FailureCode;
}

export type ExpectedOutcome = ExpectProcessed | ExpectFailed;

export interface CorpusExpectation {
  name: CorpusFileName;
  /** The Content-Type the upload declares: what the uploader claims, never trusted. */
  contentType: string;
  /**
   * How the file reaches the uploads bucket. By default through the API: POST /uploads declares
   * it (the record is UPLOADED first), then the bytes are put at the key the API chose. "direct":
   * put with no record, as only a bucket writer could, for a declaration the API refuses.
   */
  route?: "direct";
  /** The size declared to the API when the uploader lies (the API refuses 0 and over the limit). */
  declaredBytes?: number;
  /** What makes the file hostile. */
  hostile: string;
  expected: ExpectedOutcome;
}

const failed = (code: FailureCode): ExpectFailed => ({ status: "FAILED", code });

interface StillOptions {
  fullSize?: Size;
  orientation?: Orientation;
  pixels?: readonly PixelCheck[];
  looksLike?: SourceName;
  /** Default 12: JPEG at quality 90 and a lossless variant differ by about 2. */
  maxMeanDifference?: number;
}

/** PROCESSED as one still image of `width` x `height`, shown at that size unless told. */
function still(
  format: InputFormat,
  width: number,
  height: number,
  options: StillOptions = {},
): ExpectProcessed {
  return {
    status: "PROCESSED",
    format,
    original: { width, height },
    ...(options.orientation !== undefined && { orientation: options.orientation }),
    fullSize: options.fullSize ?? { width, height },
    webpFrames: 1,
    ...(options.pixels && { pixels: options.pixels }),
    ...(options.looksLike && {
      looksLike: { source: options.looksLike, maxMeanDifference: options.maxMeanDifference ?? 12 },
    }),
  };
}

function animated(
  format: InputFormat,
  width: number,
  height: number,
  frames: number,
  options: StillOptions = {},
) {
  return { ...still(format, width, height, options), webpFrames: frames };
}

const centre = (rgb: Rgb, tolerance = 4): PixelCheck => ({ at: "centre", rgb, tolerance });

/**
 * One entry per corpus file: why it is hostile and the one end state the processor must reach.
 * Decisions the spec leaves open are argued in README.md beside this file.
 */
export const EXPECTATIONS: readonly CorpusExpectation[] = [
  // Not images, whatever the name and the declared type say: refused from the first bytes.
  {
    name: "empty.jpg",
    contentType: "image/jpeg",
    declaredBytes: 1,
    hostile:
      "zero bytes, declared as 1 (the API refuses 0): nothing to detect, and code that assumes a header reads past the end",
    expected: failed("UNSUPPORTED_FORMAT"),
  },
  {
    name: "text-named.jpg",
    contentType: "image/jpeg",
    hostile: "plain text with a .jpg name and an image/jpeg type",
    expected: failed("UNSUPPORTED_FORMAT"),
  },
  {
    name: "html-as-jpeg.jpg",
    contentType: "image/jpeg",
    hostile:
      "an HTML page with a script, declared image/jpeg: stored as an image, a sniffing browser would run it",
    expected: failed("UNSUPPORTED_FORMAT"),
  },
  {
    name: "pdf-named.jpg",
    contentType: "image/jpeg",
    hostile: "a valid one-page PDF named .jpg; libvips can rasterise PDF when built with poppler/pdfium",
    expected: failed("UNSUPPORTED_FORMAT"),
  },
  {
    name: "gzip-named.png",
    contentType: "image/png",
    hostile: "a gzip stream named .png: a decoder that inflates first would unpack it",
    expected: failed("UNSUPPORTED_FORMAT"),
  },
  {
    name: "zip-named.png",
    contentType: "image/png",
    hostile: "a ZIP archive named .png",
    expected: failed("UNSUPPORTED_FORMAT"),
  },
  {
    name: "svg-script.svg",
    contentType: "image/svg+xml",
    route: "direct",
    hostile:
      "SVG with a <script>, an onload handler and external references (a loopback URL, file:///etc/passwd); sharp would rasterise it",
    expected: failed("UNSUPPORTED_FORMAT"),
  },
  {
    name: "svg-named.png",
    contentType: "image/png",
    hostile: "the same SVG behind a byte-order mark and an XML declaration, named .png",
    expected: failed("UNSUPPORTED_FORMAT"),
  },

  // Broken images: the header reads, the rest does not.
  {
    name: "truncated.jpg",
    contentType: "image/jpeg",
    hostile: "a JPEG cut at 60 %: the header is whole, the scan data ends early (libjpeg only warns)",
    expected: failed("CORRUPT"),
  },
  {
    name: "png-bad-crc.png",
    contentType: "image/png",
    hostile: "a PNG whose first IDAT CRC has one flipped byte",
    expected: failed("CORRUPT"),
  },
  {
    name: "zero-by-zero.png",
    contentType: "image/png",
    hostile: "IHDR says 0x0, which PNG forbids: sizes of 0 divide and allocate badly",
    expected: failed("CORRUPT"),
  },

  // Bombs and limits.
  {
    name: "png-bomb-50000x50000.png",
    contentType: "image/png",
    hostile: "2.5 gigapixels of real compressed zeros in 300 KB: 2.5 GB once decoded",
    expected: failed("DECOMPRESSION_BOMB"),
  },
  {
    name: "png-ihdr-over-pixel-limit.png",
    contentType: "image/png",
    hostile: "IHDR claims 10000x10001 = 100,010,000 px, 10,000 past the 100 MP limit, and holds one row",
    expected: failed("DECOMPRESSION_BOMB"),
  },
  {
    name: "png-at-pixel-limit.png",
    contentType: "image/png",
    hostile:
      "exactly 100,000,000 px of zeros (12 KB): the limit is inclusive, so it must be decoded, not refused",
    expected: still("png", 10_000, 10_000, {
      fullSize: { width: 4096, height: 4096 },
      pixels: [centre([0, 0, 0])],
    }),
  },
  {
    name: "gif-65535x65535.gif",
    contentType: "image/gif",
    hostile: "GIF's largest frame, 4.3 gigapixels, every pixel encoded (1.6 MB of LZW runs)",
    expected: failed("DECOMPRESSION_BOMB"),
  },
  {
    name: "jpeg-sof-65500x65500.jpg",
    contentType: "image/jpeg",
    hostile: "a real photo whose frame header was edited to claim 65500x65500",
    expected: failed("DECOMPRESSION_BOMB"),
  },
  {
    name: "tiff-header-100000x100000.tiff",
    contentType: "image/tiff",
    hostile: "a TIFF claiming 100000x100000 with 1 KiB of strip data",
    expected: failed("DECOMPRESSION_BOMB"),
  },
  {
    name: "bmp-header-100000x100000.bmp",
    contentType: "image/bmp",
    hostile:
      "54 bytes of BMP headers claiming 100000x100000 at 24 bits: a BMP decoder allocates width x height x 4 up front",
    expected: failed("DECOMPRESSION_BOMB"),
  },
  {
    name: "over-size-limit.jpg",
    contentType: "image/jpeg",
    declaredBytes: SIZE_LIMIT_BYTES,
    hostile:
      "a valid photo one byte over the 5 MiB limit, put straight into the bucket (as if the POST policy were bypassed)",
    expected: failed("TOO_LARGE"),
  },
  {
    name: "at-size-limit.jpg",
    contentType: "image/jpeg",
    hostile: "the same photo at exactly 5 MiB, 5 MB of it JPEG comments: the limit is inclusive",
    expected: still("jpeg", 600, 400, { looksLike: "coffee" }),
  },

  // Polyglots and trailing bytes: the image part is valid, the rest is ignored.
  {
    name: "polyglot-gif-js.gif",
    contentType: "image/gif",
    hostile:
      "GIF89a/*…*/=alert(document.domain); — a GIF (10799 px wide: the width bytes are '/*') that is also JavaScript",
    expected: still("gif", 10_799, 10, {
      fullSize: { width: 4096, height: 4 },
      pixels: [centre([120, 40, 160])],
    }),
  },
  {
    name: "polyglot-jpeg-zip.jpg",
    contentType: "image/jpeg",
    hostile:
      "a complete JPEG followed by a ZIP (with an HTML page) whose offsets make the whole file a valid archive",
    expected: still("jpeg", 451, 300, { looksLike: "chelsea" }),
  },
  {
    name: "trailing-garbage.jpg",
    contentType: "image/jpeg",
    hostile: "64 KiB of noise after the end-of-image marker",
    expected: still("jpeg", 451, 300, { looksLike: "chelsea" }),
  },

  // Colour spaces, depths and containers.
  {
    name: "cmyk.jpg",
    contentType: "image/jpeg",
    hostile: "a CMYK JPEG (4 channels): shown inverted or garish if the channels are taken for RGB",
    expected: still("jpeg", 600, 400, { looksLike: "coffee" }),
  },
  {
    name: "cmyk.tiff",
    contentType: "image/tiff",
    hostile: "a CMYK TIFF (LZW)",
    expected: still("tiff", 512, 512, { looksLike: "astronaut" }),
  },
  {
    name: "rgb16.png",
    contentType: "image/png",
    hostile: "16 bits a channel: variants must come out 8-bit sRGB, not 16-bit PNGs or clipped JPEGs",
    expected: still("png", 451, 300, { looksLike: "chelsea" }),
  },
  {
    name: "icc-display-p3.jpg",
    contentType: "image/jpeg",
    hostile:
      "a Display P3 profile: its stored numbers are not sRGB, so variants must be converted, not relabelled",
    expected: still("jpeg", 256, 256, { pixels: [centre([200, 80, 40], 6)] }),
  },
  {
    name: "icc-malicious.jpg",
    contentType: "image/jpeg",
    hostile:
      "an ICC profile claiming 2 GiB and 268 million tags, with tag offsets past its end; the pixels are fine",
    expected: still("jpeg", 600, 400, { looksLike: "coffee" }),
  },
  {
    name: "chelsea.avif",
    contentType: "image/avif",
    hostile: "AVIF: a HEIF container that sharp reports as 'heif'; must be recorded as avif",
    expected: still("avif", 451, 300, { looksLike: "chelsea" }),
  },
  {
    name: "coffee.heic",
    contentType: "image/heic",
    hostile: "HEVC in HEIF: sharp's prebuilt binary reads its header but cannot decode it",
    expected: still("heif", 600, 400, { looksLike: "coffee" }),
  },
  {
    name: "coffee.bmp",
    contentType: "image/bmp",
    hostile: "BMP, which sharp does not decode at all; rows stored bottom-up, blue first",
    expected: still("bmp", 600, 400, { looksLike: "coffee" }),
  },
  {
    name: "png-named.jpg",
    contentType: "image/jpeg",
    hostile: "a PNG named .jpg and declared image/jpeg: the bytes decide the format",
    expected: still("png", 600, 400, { looksLike: "coffee" }),
  },

  // Sizes and orientation.
  {
    name: "one-pixel.png",
    contentType: "image/png",
    hostile: "1x1: nothing to scale down, 300x enlargement for the thumbnail",
    expected: still("png", 1, 1, { pixels: [centre([10, 120, 200])] }),
  },
  {
    name: "strip-1x20000.png",
    contentType: "image/png",
    hostile:
      "1x20000: full-size variants round their width to 1 px, the thumbnail is a cover crop of a 1 px column",
    expected: still("png", 1, 20_000, { fullSize: { width: 1, height: 4096 } }),
  },
  {
    name: "photo-8000x6000.jpg",
    contentType: "image/jpeg",
    hostile: "a 48 MP photo (1.7 MB): memory and time, and the 4096 px cap",
    expected: still("jpeg", 8000, 6000, { fullSize: { width: 4096, height: 3072 }, looksLike: "coffee" }),
  },
  {
    name: "exif-orientation-6.jpg",
    contentType: "image/jpeg",
    hostile:
      "stored landscape, EXIF orientation 6: variants must be portrait with the stored top-left at the top right",
    expected: still("jpeg", 451, 300, {
      orientation: 6,
      fullSize: { width: 300, height: 451 },
      pixels: [{ at: "top-right", rgb: ORIENTATION_MARK.rgb, tolerance: 8 }],
    }),
  },

  // Metadata built to hurt its parsers.
  {
    name: "exif-huge.jpg",
    contentType: "image/jpeg",
    hostile: "a 63 KB EXIF block: 60,000 characters of text and 300 undefined tags",
    expected: still("jpeg", 451, 300, { looksLike: "chelsea" }),
  },
  {
    name: "exif-ifd-loop.jpg",
    contentType: "image/jpeg",
    hostile:
      "EXIF whose next-IFD, Exif-IFD and GPS-IFD links all point back at IFD0, and a 4 GiB ImageDescription 2 GiB past the end",
    expected: still("jpeg", 451, 300, { looksLike: "chelsea" }),
  },

  // Animations and pages.
  {
    name: "animated.gif",
    contentType: "image/gif",
    hostile:
      "12 frames: the WebP variant keeps the animation, the JPEG and PNG variants take the first frame",
    expected: animated("gif", 225, 150, 12, { looksLike: "chelsea", maxMeanDifference: 16 }),
  },
  {
    name: "animated.webp",
    contentType: "image/webp",
    hostile: "an animated WebP (12 frames)",
    expected: animated("webp", 225, 150, 12, { looksLike: "chelsea" }),
  },
  {
    name: "gif-1000-frames.gif",
    contentType: "image/gif",
    hostile: "1000 frames at 20 ms (10 MP in all, within the limit): every frame must reach the WebP",
    expected: animated("gif", 100, 100, 1000, { pixels: [centre([0, 0, 0])] }),
  },
  {
    name: "gif-frames-over-pixel-budget.gif",
    contentType: "image/gif",
    hostile: "200 frames of 800x800: each fits, together they are 128 MP; only the first frame is decoded",
    expected: still("gif", 800, 800, { pixels: [centre([0, 0, 0])] }),
  },
  {
    name: "multipage.tiff",
    contentType: "image/tiff",
    hostile: "three pages; a TIFF's pages are not frames: the first page is the image",
    expected: still("tiff", 451, 300, { looksLike: "chelsea" }),
  },
];
