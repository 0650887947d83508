const ENTITIES: Record<string, string> = {
  "&quot;": '"',
  "&apos;": "'",
  "&lt;": "<",
  "&gt;": ">",
  "&amp;": "&",
};

/** The text of the first `<name>` element of an S3 XML body, entities decoded. */
export function xmlElement(xml: string, name: string): string | undefined {
  const raw = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
  return raw?.replace(/&(quot|apos|lt|gt|amp);/g, (e) => ENTITIES[e]!);
}

export interface S3XmlError {
  code?: string;
  message?: string;
  /** The whole body, for the elements some errors add (e.g. ProposedSize). */
  xml: string;
}

/** Reads an S3 XML error body from a plain fetch Response. */
export async function s3XmlError(res: Response): Promise<S3XmlError> {
  const xml = await res.text();
  return { code: xmlElement(xml, "Code"), message: xmlElement(xml, "Message"), xml };
}
