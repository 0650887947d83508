import { createHash } from "node:crypto";

/** The canonical user id S3 shows for an account; derived so that it is stable across restarts. */
export function canonicalUserId(accountId: string): string {
  return Buffer.from(`darkroom-${accountId}`).toString("hex").padEnd(64, "0").slice(0, 64);
}

/** The <Owner> element of listings and ACLs; S3 stopped returning DisplayName in 2025. */
export function ownerOf(accountId: string): { ID: string } {
  return { ID: canonicalUserId(accountId) };
}

/**
 * The Amazon customer id S3 event records name an account by (bucket owner, root user):
 * "A" and 13 upper-case letters and digits on AWS; derived, so stable across restarts.
 */
export function amazonCustomerId(accountId: string): string {
  // Every object event names it twice; a hash per call showed in PutObject's profile.
  let id = customerIds.get(accountId);
  if (id !== undefined) return id;
  const digest = createHash("sha256").update(`darkroom-customer-${accountId}`).digest();
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  id = "A";
  for (let i = 0; i < 13; i++) id += alphabet[digest[i]! % alphabet.length];
  if (customerIds.size >= MAX_CUSTOMER_IDS) customerIds.clear();
  customerIds.set(accountId, id);
  return id;
}

const customerIds = new Map<string, string>();
/** Lenient mode turns any 12-digit key into an account, so the cache is bounded. */
const MAX_CUSTOMER_IDS = 1024;
