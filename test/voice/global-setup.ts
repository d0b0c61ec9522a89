// vitest globalSetup: installs the voice tools once before any test file runs (a fresh CI
// machine has none of them), so the voice tests never race each other for the apt lock.
import { ensureVoiceTools } from './voice-tools.js';

export default function setup(): void {
  ensureVoiceTools();
}
