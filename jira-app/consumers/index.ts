import type { AppDeps } from '../app/deps.js';
import { createGenerationConsumer } from './generation-consumer.js';
import { createSaveConsumer } from './save-consumer.js';

/** Every async-event consumer by the function key manifest.yml gives it. */
export function createConsumers(deps: AppDeps): Record<string, (event: { body?: unknown }) => Promise<void>> {
  return {
    'generation-consumer': createGenerationConsumer(deps),
    'save-consumer': createSaveConsumer(deps),
  };
}
