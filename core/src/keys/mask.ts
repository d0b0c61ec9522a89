/** A secret as a listing may show it: never more than its last 4 characters. */
export function maskSecret(secret: string): string {
  // Short secrets show nothing: 4 of 8 characters would be half the key.
  if (secret.length < 12) return '••••';
  return `••••${secret.slice(-4)}`;
}
