/** True when dpkg lists the package as installed. */
export function hasDebianPackage(name: string): boolean;
/** Installs those of `packages` that are missing (apt-get, as root) and returns them; throws with the command to run otherwise. */
export function ensureDebianPackages(packages: readonly string[], options?: { log?: (message: string) => void; why?: string }): string[];
