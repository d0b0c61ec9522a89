/**
 * The explicit no-key mode. It answers no text or object calls: a call raises
 * `OfflineModeError` with how to configure a key. Callers that can work without a
 * model (rule-based generation) ask `router.isOffline()` first and never call it.
 */
import { OfflineModeError } from '../../../errors/offline-mode-error.js';
import type { LanguageModel } from '../../language-model.js';
import type { ProviderAdapter } from '../../provider.js';

/** The model id the router reports for offline mode. */
export const OFFLINE_MODEL_ID = 'offline:rules';

export function createOfflineProvider(name = 'offline'): ProviderAdapter {
  return {
    name,
    type: 'offline',
    languageModel(modelId): LanguageModel {
      return {
        provider: name,
        modelId,
        generate: async () => {
          throw new OfflineModeError(`${name}:${modelId}`);
        },
        // eslint-disable-next-line require-yield
        stream: async function* () {
          throw new OfflineModeError(`${name}:${modelId}`);
        },
      };
    },
  };
}
