// The demo target started in this test process, counting every response it finished, so a
// test can compare what ltop reports with what the target really served.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { startDemoTarget, type DemoTarget } from '../../src/demo/server.js';

export interface CountedTarget {
  readonly target: DemoTarget;
  /** responses the target finished since it started */
  served(): number;
  close(): Promise<void>;
}

export async function countedDemoTarget(): Promise<CountedTarget> {
  let served = 0;
  // Node's http server publishes here once per finished response (node:diagnostics_channel)
  const onFinish = (): void => void served++;
  subscribe('http.server.response.finish', onFinish);
  const target = await startDemoTarget({ host: '127.0.0.1', port: 0 });
  return {
    target,
    served: () => served,
    async close() {
      unsubscribe('http.server.response.finish', onFinish);
      await target.close();
    },
  };
}
