import { scenarioSuite } from './scenario-suite.js';

scenarioSuite({
  name: 'httpbin',
  requests: [
    'GET /get',
    'POST /post [json]',
    'POST /post [form]',
    'GET /headers',
    'GET /basic-auth/[user]/[passwd]',
    'GET /status/[2xx]',
    'GET /status/404 (expected)',
    'GET /delay/[s]',
    'GET /json',
    'GET /xml',
    'GET /html',
    'GET /gzip',
  ],
  env: { LTOP_HTTPBIN_DELAY: '0.2' },
});
