import { ForgeReconciler } from '../render.js';
import { StrictMode } from 'react';
import { callResolver } from '../../forge-adapters/browser.js';
import { IssuePanel } from '../issue-panel.js';

ForgeReconciler.render(
  <StrictMode>
    <IssuePanel call={callResolver} />
  </StrictMode>,
);
