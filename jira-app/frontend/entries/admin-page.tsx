import { ForgeReconciler } from '../render.js';
import { StrictMode } from 'react';
import { allowEgressHost, callResolver } from '../../forge-adapters/browser.js';
import { AdminPage } from '../admin-page.js';

ForgeReconciler.render(
  <StrictMode>
    <AdminPage call={callResolver} allowHost={allowEgressHost} />
  </StrictMode>,
);
