import { FeatureUnavailableError, type CaseRunner } from './case-runner.js';

/**
 * The runner the extension uses: core's `runSuites`. This build's core has no runner yet,
 * so running says so instead of pretending.
 */
export function createCoreRunner(): CaseRunner {
  return {
    async run() {
      throw new FeatureUnavailableError('Running conversation cases');
    },
  };
}
