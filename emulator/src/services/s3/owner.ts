/** The canonical user id S3 shows for an account; derived so that it is stable across restarts. */
export function canonicalUserId(accountId: string): string {
  return Buffer.from(`darkroom-${accountId}`).toString("hex").padEnd(64, "0").slice(0, 64);
}

/** The <Owner> element of listings and ACLs; S3 stopped returning DisplayName in 2025. */
export function ownerOf(accountId: string): { ID: string } {
  return { ID: canonicalUserId(accountId) };
}
