/** Makes one corpus file. Same bytes every call: no clock, no unseeded randomness. */
export type Builder = () => Promise<Buffer>;

/** The 5 MiB default upload limit, restated so the corpus notices if the default moves. */
export const SIZE_LIMIT_BYTES = 5 * 1024 * 1024;
