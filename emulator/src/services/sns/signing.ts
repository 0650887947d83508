import { createHash, createPrivateKey, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import type { StateStore } from "../../state/store.ts";
import type { Table } from "../../state/table.ts";
import { selfSignedCertificate } from "./x509.ts";

/**
 * SNS message signatures, as AWS makes them: SignatureVersion 1 is SHA1withRSA and 2 is
 * SHA256withRSA, over the canonical "Name\nvalue\n" string of the message's fields. The key
 * and its self-signed certificate are generated once and kept in the state store, so
 * messages signed before a restart still verify against the certificate served at
 * SigningCertURL (GET /_darkroom/sns/SimpleNotificationService-<id>.pem).
 */

interface SigningMaterial {
  privateKeyPem: string;
  certificatePem: string;
  /** The certificate's file name, e.g. SimpleNotificationService-<md5>.pem. */
  fileName: string;
}

const TABLE = "sns/signing";
const KEY = "certificate";
export const CERTIFICATE_PATH_PREFIX = "/_darkroom/sns/";

/** The fields a signature covers, in AWS's order (those absent from a message are skipped). */
const NOTIFICATION_FIELDS = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"];
const CONFIRMATION_FIELDS = [
  "Message",
  "MessageId",
  "SubscribeURL",
  "Timestamp",
  "Token",
  "TopicArn",
  "Type",
];

export class MessageSigner {
  private readonly table: Table<SigningMaterial>;
  private readonly baseUrl: () => string;
  private key: KeyObject | undefined;

  constructor(store: StateStore, baseUrl: () => string) {
    this.table = store.table<SigningMaterial>(TABLE);
    this.baseUrl = baseUrl;
  }

  private material(): SigningMaterial {
    const existing = this.table.get(KEY);
    if (existing) return existing;
    const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const certificatePem = selfSignedCertificate("sns.darkroom.local", publicKey, privateKey);
    const id = createHash("md5").update(certificatePem).digest("hex");
    const material = {
      privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      certificatePem,
      fileName: `SimpleNotificationService-${id}.pem`,
    };
    // Made durable by the flush of whatever is being signed.
    this.table.set(KEY, material);
    return material;
  }

  certificateUrl(): string {
    return `${this.baseUrl()}${CERTIFICATE_PATH_PREFIX}${this.material().fileName}`;
  }

  /** The certificate PEM when `fileName` is its name. */
  certificate(fileName: string): string | undefined {
    const m = this.table.get(KEY);
    return m && m.fileName === fileName ? m.certificatePem : undefined;
  }

  private privateKey(): KeyObject {
    this.key ??= createPrivateKey(this.material().privateKeyPem);
    return this.key;
  }

  /** Base64 signature of a message's fields (Type decides which fields are covered). */
  sign(fields: Record<string, string | undefined>, signatureVersion: string): string {
    const names = fields.Type === "Notification" ? NOTIFICATION_FIELDS : CONFIRMATION_FIELDS;
    let text = "";
    for (const name of names) {
      const value = fields[name];
      if (value !== undefined) text += `${name}\n${value}\n`;
    }
    const algorithm = signatureVersion === "2" ? "sha256" : "sha1";
    return sign(algorithm, Buffer.from(text, "utf8"), this.privateKey()).toString("base64");
  }
}
