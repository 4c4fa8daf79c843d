import { setupServer } from 'msw/node';
import { agentHandlers } from './agent-handlers';
import { handlers } from './handlers';
import { portalHandlers } from './portal-handlers';
import { reportHandlers } from './report-handlers';
import { uploadHandlers } from './upload-handlers';

export const server = setupServer(
  ...handlers,
  ...agentHandlers,
  ...portalHandlers,
  ...uploadHandlers,
  ...reportHandlers,
);
