// Forge loads function code from src/; the app lives in jira-app/ (see manifest.yml).
export { handler, generationConsumer, saveConsumer } from '../jira-app/functions.js';
