import { Queue } from '@forge/events';

/** The async-event queue generation jobs run on (key as in manifest.yml). */
export const GENERATION_QUEUE = 'casewright-generation';
/** The queue save jobs run on (key as in manifest.yml). */
export const SAVE_QUEUE = 'casewright-save';

export interface JobQueue {
  push(body: Record<string, unknown>): Promise<void>;
}

/** `JobQueue` over `@forge/events`: the consumer may run up to 900 s, a resolver only 25 s. */
export function createForgeJobQueue(queue: Pick<Queue, 'push'> = new Queue({ key: GENERATION_QUEUE })): JobQueue {
  return {
    async push(body) {
      await queue.push([{ body }]);
    },
  };
}
