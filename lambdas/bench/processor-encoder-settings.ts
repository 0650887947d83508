import {
  MOZJPEG_OPTIMISE_SCANS,
  PNG_ADAPTIVE_FILTERING,
  PNG_COMPRESSION_LEVEL,
  WEBP_EFFORT,
} from "../processor/src/pipeline/encode-variant.ts";
import type { EncoderSettings } from "./encoder-options.ts";

/** The efforts encode-variant.ts encodes with, read from it so the bench follows any change. */
export const PROCESSOR_ENCODER_SETTINGS: EncoderSettings = {
  trellis: true,
  optimiseScans: MOZJPEG_OPTIMISE_SCANS,
  webpEffort: WEBP_EFFORT,
  pngCompressionLevel: PNG_COMPRESSION_LEVEL,
  pngAdaptiveFiltering: PNG_ADAPTIVE_FILTERING,
};
