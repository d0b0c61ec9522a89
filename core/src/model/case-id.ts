import { createHash, randomUUID } from 'node:crypto';

/** A fresh case id (a random UUID, version 4), for a case written by a person. */
export function newCaseId(): string {
  return randomUUID();
}

/**
 * A name-based UUID (version 5, RFC 9562 §5.5: SHA-1 over `namespace` + `name`), so
 * the same source always yields the same case id: a second import or generation
 * finds the cases of the first. The one implementation for generated, imported and
 * promptfoo cases (each keeps its own namespace or name prefix, so their ids never change).
 */
export function nameBasedCaseId(name: string, namespace: Uint8Array = new Uint8Array()): string {
  const hash = createHash('sha1').update(namespace).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
