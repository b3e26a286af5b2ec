import assert from 'node:assert/strict';
import { scenarioSuite } from './scenario-suite.js';

scenarioSuite({
  name: 'jsonplaceholder',
  requests: ['GET /posts', 'GET /posts/[id]', 'GET /posts/[id]/comments', 'POST /posts', 'PUT /posts/[id]', 'GET /users'],
  env: { LTOP_LOG_FORMAT: 'json' },
  checkOutput: (masterOut, workerOuts) => {
    // JSON logs on every process: one object per line, tagged with run id, role and worker id
    const parse = (out: string) =>
      out
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    const master = parse(masterOut);
    assert.ok(master.length > 0);
    assert.ok(master.every((e) => e.run_id === 'test-jsonplaceholder' && e.role === 'master'));
    for (const out of workerOuts) {
      const lines = parse(out);
      assert.ok(lines.length > 0);
      assert.ok(lines.every((e) => e.run_id === 'test-jsonplaceholder' && e.role === 'worker'));
      assert.ok(lines.some((e) => typeof e.worker_id === 'string' && e.worker_id !== ''), 'worker id after start-up');
    }
  },
});
