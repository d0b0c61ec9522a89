/**
 * The Forge functions (see manifest.yml): `handler` answers every UI resolver
 * call, `generationConsumer` runs generation jobs and `saveConsumer` save jobs from
 * their async-event queues. The repository root's src/index.ts re-exports these,
 * because Forge looks for function code under src/.
 */
import { createForgeDeps } from './app/forge-deps.js';
import { createResolverHandler } from './resolvers/index.js';
import { createGenerationConsumer } from './consumers/generation-consumer.js';
import { createSaveConsumer } from './consumers/save-consumer.js';

const deps = createForgeDeps();
export const handler = createResolverHandler(deps);
export const generationConsumer = createGenerationConsumer(deps);
export const saveConsumer = createSaveConsumer(deps);
