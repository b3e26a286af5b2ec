// Run the test API server by hand to poke at it with kubectl:
//   node --import tsx test/support/kube-api/dev-server.ts /tmp/kubeconfig
//   kubectl --kubeconfig /tmp/kubeconfig get pods -A
import { startKubeApiServer } from './index.js';

const kubeconfig = process.argv[2] ?? '/tmp/ltop-test-kubeconfig';
const server = await startKubeApiServer();
server.writeKubeconfig(kubeconfig);
console.log(`listening on ${server.url}; kubeconfig written to ${kubeconfig}`);
const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
