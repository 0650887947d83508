import { animationFiles } from "./files/animations.ts";
import { brokenFiles } from "./files/broken.ts";
import type { Builder } from "./files/builder.ts";
import { colourFiles } from "./files/colour.ts";
import { geometryFiles } from "./files/geometry.ts";
import { limitFiles } from "./files/limits.ts";
import { metadataFiles } from "./files/metadata.ts";
import { notImageFiles } from "./files/not-images.ts";
import { polyglotFiles } from "./files/polyglots.ts";

/** Every corpus file's builder, by file name. */
export const BUILDERS = {
  ...notImageFiles,
  ...brokenFiles,
  ...limitFiles,
  ...polyglotFiles,
  ...colourFiles,
  ...geometryFiles,
  ...metadataFiles,
  ...animationFiles,
} satisfies Record<string, Builder>;

export type CorpusFileName = keyof typeof BUILDERS;
