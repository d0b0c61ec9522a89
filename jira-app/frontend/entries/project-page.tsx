import { ForgeReconciler } from '../render.js';
import { StrictMode } from 'react';
import { callResolver } from '../../forge-adapters/browser.js';
import { ProjectPage } from '../project-page.js';

ForgeReconciler.render(
  <StrictMode>
    <ProjectPage call={callResolver} />
  </StrictMode>,
);
