/**
 * Named CSS colours with the simplified colour Rekognition files each under (one of twelve).
 * Pixels are counted against the nearest name, so a photo's colours come out as CSS names.
 */
export type SimplifiedColor =
  | "black"
  | "blue"
  | "brown"
  | "green"
  | "grey"
  | "orange"
  | "pink"
  | "purple"
  | "red"
  | "teal"
  | "white"
  | "yellow";

export interface NamedColor {
  css: string;
  rgb: readonly [number, number, number];
  simplified: SimplifiedColor;
}

const c = (css: string, hex: string, simplified: SimplifiedColor): NamedColor => ({
  css,
  rgb: [
    Number.parseInt(hex.slice(0, 2), 16),
    Number.parseInt(hex.slice(2, 4), 16),
    Number.parseInt(hex.slice(4, 6), 16),
  ],
  simplified,
});

export const CSS_COLORS: readonly NamedColor[] = [
  c("black", "000000", "black"),
  c("dim grey", "696969", "grey"),
  c("grey", "808080", "grey"),
  c("dark grey", "a9a9a9", "grey"),
  c("silver", "c0c0c0", "grey"),
  c("light grey", "d3d3d3", "grey"),
  c("gainsboro", "dcdcdc", "white"),
  c("white smoke", "f5f5f5", "white"),
  c("white", "ffffff", "white"),
  c("snow", "fffafa", "white"),
  c("ivory", "fffff0", "white"),
  c("beige", "f5f5dc", "white"),
  c("linen", "faf0e6", "white"),
  c("slate grey", "708090", "grey"),
  c("light slate grey", "778899", "grey"),
  c("dark slate grey", "2f4f4f", "grey"),
  c("maroon", "800000", "red"),
  c("dark red", "8b0000", "red"),
  c("brown", "a52a2a", "brown"),
  c("firebrick", "b22222", "red"),
  c("crimson", "dc143c", "red"),
  c("red", "ff0000", "red"),
  c("indian red", "cd5c5c", "red"),
  c("light coral", "f08080", "pink"),
  c("salmon", "fa8072", "pink"),
  c("tomato", "ff6347", "orange"),
  c("coral", "ff7f50", "orange"),
  c("orange red", "ff4500", "orange"),
  c("dark orange", "ff8c00", "orange"),
  c("orange", "ffa500", "orange"),
  c("gold", "ffd700", "yellow"),
  c("yellow", "ffff00", "yellow"),
  c("khaki", "f0e68c", "yellow"),
  c("dark khaki", "bdb76b", "yellow"),
  c("wheat", "f5deb3", "brown"),
  c("tan", "d2b48c", "brown"),
  c("burlywood", "deb887", "brown"),
  c("rosy brown", "bc8f8f", "brown"),
  c("sandy brown", "f4a460", "brown"),
  c("peru", "cd853f", "brown"),
  c("chocolate", "d2691e", "brown"),
  c("sienna", "a0522d", "brown"),
  c("saddle brown", "8b4513", "brown"),
  c("dark olive green", "556b2f", "green"),
  c("olive", "808000", "green"),
  c("olive drab", "6b8e23", "green"),
  c("yellow green", "9acd32", "green"),
  c("lime green", "32cd32", "green"),
  c("lime", "00ff00", "green"),
  c("light green", "90ee90", "green"),
  c("pale green", "98fb98", "green"),
  c("dark sea green", "8fbc8f", "green"),
  c("sea green", "2e8b57", "green"),
  c("forest green", "228b22", "green"),
  c("green", "008000", "green"),
  c("dark green", "006400", "green"),
  c("medium aquamarine", "66cdaa", "teal"),
  c("light sea green", "20b2aa", "teal"),
  c("dark cyan", "008b8b", "teal"),
  c("teal", "008080", "teal"),
  c("cadet blue", "5f9ea0", "teal"),
  c("turquoise", "40e0d0", "teal"),
  c("cyan", "00ffff", "teal"),
  c("pale turquoise", "afeeee", "teal"),
  c("light cyan", "e0ffff", "white"),
  c("powder blue", "b0e0e6", "blue"),
  c("light blue", "add8e6", "blue"),
  c("sky blue", "87ceeb", "blue"),
  c("light steel blue", "b0c4de", "blue"),
  c("steel blue", "4682b4", "blue"),
  c("deep sky blue", "00bfff", "blue"),
  c("dodger blue", "1e90ff", "blue"),
  c("cornflower blue", "6495ed", "blue"),
  c("royal blue", "4169e1", "blue"),
  c("blue", "0000ff", "blue"),
  c("medium blue", "0000cd", "blue"),
  c("dark blue", "00008b", "blue"),
  c("navy", "000080", "blue"),
  c("midnight blue", "191970", "blue"),
  c("dark slate blue", "483d8b", "purple"),
  c("slate blue", "6a5acd", "purple"),
  c("medium purple", "9370db", "purple"),
  c("indigo", "4b0082", "purple"),
  c("purple", "800080", "purple"),
  c("dark magenta", "8b008b", "purple"),
  c("dark orchid", "9932cc", "purple"),
  c("orchid", "da70d6", "purple"),
  c("plum", "dda0dd", "purple"),
  c("thistle", "d8bfd8", "purple"),
  c("lavender", "e6e6fa", "white"),
  c("magenta", "ff00ff", "pink"),
  c("medium violet red", "c71585", "pink"),
  c("deep pink", "ff1493", "pink"),
  c("hot pink", "ff69b4", "pink"),
  c("pink", "ffc0cb", "pink"),
  c("light pink", "ffb6c1", "pink"),
  c("misty rose", "ffe4e1", "white"),
  c("peach puff", "ffdab9", "brown"),
];

/** The named colour nearest an RGB value (squared distance weighted the way the eye weighs channels). */
export function nearestColor(r: number, g: number, b: number): NamedColor {
  let best = CSS_COLORS[0]!;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const named of CSS_COLORS) {
    const [nr, ng, nb] = named.rgb;
    const d = 2 * (r - nr) ** 2 + 4 * (g - ng) ** 2 + 3 * (b - nb) ** 2;
    if (d < bestDistance) {
      bestDistance = d;
      best = named;
    }
  }
  return best;
}

/** Looks a colour up by the name nearestColor gave. */
export function colorNamed(css: string): NamedColor | undefined {
  return CSS_COLORS.find((named) => named.css === css);
}
