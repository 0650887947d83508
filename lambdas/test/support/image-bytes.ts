import sharp from "sharp";

/** What sharp reads from an image's bytes: format, size, and any metadata left in it. */
export async function inspectImage(bytes: Uint8Array) {
  const m = await sharp(bytes).metadata();
  return {
    format: m.format,
    width: m.width,
    height: m.height,
    exif: m.exif !== undefined,
    xmp: m.xmp !== undefined,
    iptc: m.iptc !== undefined,
    orientation: m.orientation,
  };
}

/**
 * A JPEG of `png` carrying what a phone writes: camera, orientation 6 (rotate 90° to show),
 * and GPS. The processor must read them, orient the variants, and leave all of it out of them.
 */
export async function jpegWithExif(png: Uint8Array): Promise<Uint8Array> {
  return (
    sharp(png)
      .jpeg({ quality: 90 })
      .withExif({
        IFD0: { Make: "Darkroom", Model: "Test Camera" },
        IFD3: {
          GPSLatitudeRef: "N",
          GPSLatitude: "51/1 30/1 0/1",
          GPSLongitudeRef: "W",
          GPSLongitude: "0/1 7/1 0/1",
        },
      })
      // libvips writes Orientation from its own field, not from the IFD0 above.
      .withMetadata({ orientation: 6 })
      .toBuffer()
  );
}
