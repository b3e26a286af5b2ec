// A stand-in for an ltop process that drives an apply and then dies: it prints
// "cluster-started" when the cluster resource starts, and the test kills it there.
import { Terraform } from '../../../src/terraform/runner.js';

const [dir] = process.argv.slice(2);
const terraform = await Terraform.locate(dir!);
await terraform.apply({
  vars: { sleep_seconds: 1 },
  onEvent: (event) => {
    if (event.type === 'apply_start' && event.address === 'terraform_data.cluster') process.stdout.write('cluster-started\n');
  },
});
