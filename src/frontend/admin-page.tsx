// UI Kit resource entry (manifest.yml); the UI lives in jira-app/frontend.
import '../../jira-app/frontend/entries/admin-page.js';
