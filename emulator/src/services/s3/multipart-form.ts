import { AwsError } from "../../protocol/aws-error.ts";

/** One text field of a form, in the order sent. */
export interface FormField {
  /** The name as sent (S3 matches names case-insensitively). */
  name: string;
  value: string;
}

/** The part named "file": the object's bytes, a view into the request body (never copied). */
export interface FormFile {
  /** The filename parameter, or undefined when the part has none. */
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export interface MultipartForm {
  fields: FormField[];
  file: FormFile | null;
}

/** S3's limit on everything before the file: the form data and boundaries. */
const MAX_PRE_FILE_BYTES = 20480;

const HEADER_END = Buffer.from("\r\n\r\n");

export function malformedPost(): AwsError {
  return new AwsError(
    "MalformedPOSTRequest",
    "The body of your POST request is not well-formed multipart/form-data.",
    400,
  );
}

function preDataTooLarge(): AwsError {
  return new AwsError(
    "MaxPostPreDataLengthExceeded",
    "Your POST request fields preceeding the upload file was too large.",
    400,
    { fields: { MaxPostPreDataLengthBytes: String(MAX_PRE_FILE_BYTES) } },
  );
}

/** The boundary parameter of a multipart/form-data Content-Type, or null when there is none. */
export function formBoundary(contentType: string): string | null {
  const semi = contentType.indexOf(";");
  if (semi < 0) return null;
  const boundary = parseParameters(contentType.slice(semi + 1)).get("boundary");
  return boundary && boundary.length <= 70 ? boundary : null;
}

/**
 * Parses multipart/form-data up to and including the part named "file", as S3 does:
 * the fields come first, the file must be last, and parts after it are ignored (not
 * even scanned). Works on byte offsets, so the file's bytes are never copied or
 * decoded, and gives up as soon as the fields before the file pass S3's 20 KB limit.
 */
export function parseMultipartForm(body: Buffer, boundary: string): MultipartForm {
  const dash = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // The body may open with the boundary itself or, after a preamble, with CRLF and the boundary.
  let pos = body.subarray(0, dash.length).equals(dash) ? dash.length : -1;
  if (pos < 0) {
    const at = body.indexOf(delimiter);
    if (at < 0) throw malformedPost();
    pos = at + delimiter.length;
  }
  const preData = body.subarray(0, MAX_PRE_FILE_BYTES + delimiter.length);
  const fields: FormField[] = [];
  for (;;) {
    if (pos > MAX_PRE_FILE_BYTES) throw preDataTooLarge();
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return { fields, file: null };
    pos = skipToLineEnd(body, pos);
    // A part without header lines is allowed by RFC 2046, but then it has no name.
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) throw malformedPost();
    const headerEnd = preData.indexOf(HEADER_END, pos);
    if (headerEnd < 0) throw body.length > preData.length ? preDataTooLarge() : malformedPost();
    const part = parsePartHeaders(body.toString("latin1", pos, headerEnd));
    const contentStart = headerEnd + HEADER_END.length;
    if (contentStart > MAX_PRE_FILE_BYTES) throw preDataTooLarge();
    const isFile = part.disposition === "form-data" && part.name.toLowerCase() === "file";
    // Only the file may run past the limit, so only its end is searched for in the whole body.
    const end = (isFile ? body : preData).indexOf(delimiter, contentStart);
    if (end < 0) throw isFile || body.length <= preData.length ? malformedPost() : preDataTooLarge();
    if (isFile) {
      return {
        fields,
        file: {
          ...(part.filename !== undefined ? { filename: part.filename } : {}),
          ...(part.contentType !== undefined ? { contentType: part.contentType } : {}),
          data: body.subarray(contentStart, end),
        },
      };
    }
    fields.push({ name: part.name, value: body.toString("utf8", contentStart, end) });
    pos = end + delimiter.length;
  }
}

/** Skips transport padding (spaces and tabs) after a boundary, then its line end. */
function skipToLineEnd(body: Buffer, start: number): number {
  let pos = start;
  while (body[pos] === 0x20 || body[pos] === 0x09) pos++;
  if (body[pos] !== 0x0d || body[pos + 1] !== 0x0a) throw malformedPost();
  return pos + 2;
}

interface PartHeaders {
  disposition: string;
  name: string;
  filename?: string;
  contentType?: string;
}

function parsePartHeaders(text: string): PartHeaders {
  let disposition = "";
  let params = new Map<string, string>();
  let contentType: string | undefined;
  for (const line of text.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon <= 0) throw malformedPost();
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === "content-disposition") {
      const semi = value.indexOf(";");
      disposition = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
      params = semi < 0 ? new Map() : parseParameters(value.slice(semi + 1));
    } else if (name === "content-type") {
      contentType = value;
    }
  }
  const name = params.get("name");
  if (name === undefined) throw malformedPost();
  // Header bytes were read as latin1; names and filenames are UTF-8 as browsers send them.
  const utf8 = (s: string) => Buffer.from(s, "latin1").toString("utf8");
  const filename = params.get("filename");
  return {
    disposition,
    name: utf8(name),
    ...(filename !== undefined ? { filename: utf8(filename) } : {}),
    ...(contentType !== undefined ? { contentType } : {}),
  };
}

/**
 * `; a=b; c="d"` parameters, names lower-cased. Inside quotes only `\"` is an escape:
 * browsers send backslashes in file names (Windows paths) as they are.
 */
function parseParameters(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  while (i < text.length) {
    while (i < text.length && (text[i] === ";" || text[i] === " " || text[i] === "\t")) i++;
    const eq = text.indexOf("=", i);
    if (eq < 0) break;
    const name = text.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    let value = "";
    if (text[i] === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === "\\" && text[i + 1] === '"') i++;
        value += text[i];
        i++;
      }
      i++;
    } else {
      const semi = text.indexOf(";", i);
      const stop = semi < 0 ? text.length : semi;
      value = text.slice(i, stop).trim();
      i = stop;
    }
    if (name !== "" && !out.has(name)) out.set(name, value);
  }
  return out;
}
