import { scenarioSuite } from './scenario-suite.js';

scenarioSuite({
  name: 'custom',
  requests: [
    'POST /auth/login',
    'POST /auth/logout',
    'GET /items',
    'POST /items',
    'GET /me',
    'POST /items [flow create]',
    'GET /items/[id]',
    'PUT /items/[id]',
    'DELETE /items/[id]',
  ],
  env: { LTOP_USERNAME: 'load-tester', LTOP_PASSWORD: 'not-a-real-secret' },
});
