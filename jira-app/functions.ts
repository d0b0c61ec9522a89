/**
 * The Forge functions (see manifest.yml): `handler` answers every UI resolver
 * call, `generationConsumer` runs generation jobs from the async-event queue.
 * The repository root's src/index.ts re-exports these, because Forge looks for
 * function code under src/.
 */
import { createForgeDeps } from './app/forge-deps.js';
import { createResolverHandler } from './resolvers/index.js';
import { createGenerationConsumer } from './consumers/generation-consumer.js';

const deps = createForgeDeps();
export const handler = createResolverHandler(deps);
export const generationConsumer = createGenerationConsumer(deps);
