// Which tags tie a resource to the stack, and the remove commands as a shell reads them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { removeCommand, shellArg, stackTagMatch } from '../../src/aws/orphans/types.js';

const ref = { stack: 'ltop-demo', clusterName: 'ltop-demo-eks', region: 'eu-central-1' };

test('the stack tag, or the cluster name under the keys EKS, Kubernetes and its controllers use', () => {
  assert.equal(stackTagMatch({ 'ltop-stack': 'ltop-demo' }, ref), 'tag ltop-stack=ltop-demo');
  assert.equal(stackTagMatch({ 'ltop-stack': 'ltop-demo-2' }, ref), undefined);
  assert.equal(stackTagMatch({ 'eks:cluster-name': 'ltop-demo-eks' }, ref), 'tag eks:cluster-name=ltop-demo-eks');
  assert.equal(stackTagMatch({ 'kubernetes.io/cluster/ltop-demo-eks': 'owned' }, ref), 'tag kubernetes.io/cluster/ltop-demo-eks=owned');
  assert.equal(stackTagMatch({ 'kubernetes.io/cluster/ltop-demo-eks': 'shared' }, ref), undefined, 'shared: used by the cluster, not made by it');
  assert.equal(stackTagMatch({ KubernetesCluster: 'ltop-demo-eks' }, ref), 'tag KubernetesCluster=ltop-demo-eks');
  assert.equal(stackTagMatch({ project: 'ltop' }, ref), undefined);
});

test('remove commands quote only what a shell would split', () => {
  assert.equal(shellArg('/aws/eks/ltop-demo/cluster'), '/aws/eks/ltop-demo/cluster');
  assert.equal(shellArg("it's here"), `'it'\\''s here'`);
  assert.equal(removeCommand('log-group', '/aws/containerinsights/x y/application', 'eu-central-1'), "aws logs delete-log-group --log-group-name '/aws/containerinsights/x y/application' --region eu-central-1");
  assert.equal(removeCommand('classic-load-balancer', 'a1b2', 'us-east-1'), 'aws elb delete-load-balancer --load-balancer-name a1b2 --region us-east-1');
});
