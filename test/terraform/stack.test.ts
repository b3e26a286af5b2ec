// Structural tests of the AWS stack: what an SRE reviewing terraform/ would check before
// letting it near an account. The registry is unreachable here, so `init`/`validate` of
// the stack cannot run; these read the HCL and the pinned modules' recorded input names.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it, before } from 'node:test';
import { loadStack, moduleInputs, moduleMetaArguments, moduleReferences, stackDir, type Block, type Stack } from './stack-hcl.js';

let stack: Stack;
before(async () => {
  stack = await loadStack();
});

const ref = (expression: string) => `\${${expression}}`;

describe('terraform/ stack', () => {
  it('is terraform fmt clean', () => {
    // Throws (exit 3) and prints the diff when a file is not formatted.
    execFileSync('terraform', ['fmt', '-check', '-recursive', '-diff', stackDir], { stdio: 'pipe' });
  });

  it('pins Terraform, the AWS provider and the module majors', () => {
    const [versions] = stack.terraform;
    assert.equal(versions.required_version, '>= 1.5.7');
    const providers = versions.required_providers[0];
    assert.equal(providers.aws.source, 'hashicorp/aws');
    assert.match(providers.aws.version, /^>= 6\.28\b/);
    assert.equal(stack.module.vpc.source, 'terraform-aws-modules/vpc/aws');
    assert.match(stack.module.vpc.version, /^~> 6\.\d+$/);
    assert.equal(stack.module.eks.source, 'terraform-aws-modules/eks/aws');
    assert.match(stack.module.eks.version, /^~> 21\.\d+$/);
    assert.equal(stack.module.karpenter.source, 'terraform-aws-modules/eks/aws//modules/karpenter');
    assert.equal(stack.module.karpenter.version, stack.module.eks.version);
    for (const [name, block] of Object.entries(stack.module)) assert.ok(block.version, `module ${name} has a version`);
  });

  it('the recorded module versions satisfy the pins', () => {
    const minor = (constraint: string) => constraint.replace('~> ', '');
    assert.ok(moduleInputs('eks').tag.startsWith(`v${minor(stack.module.eks.version)}`));
    assert.ok(moduleInputs('vpc').tag.startsWith(`v${minor(stack.module.vpc.version)}`));
    assert.ok(moduleInputs('eks-pod-identity').tag.startsWith(`v${minor(stack.module.cloudwatch_observability_pod_identity.version)}`));
  });

  it('every variable has a description and a validation', () => {
    const names = Object.keys(stack.variable);
    assert.ok(names.length >= 20, `${names.length} variables`);
    for (const name of names) {
      const variable = stack.variable[name];
      assert.ok(variable.description?.length > 10, `${name} has a description`);
      assert.ok(variable.validation?.length >= 1, `${name} has a validation`);
      for (const rule of variable.validation) assert.ok(rule.error_message.length > 10, `${name}: error_message`);
    }
  });

  it('the public API CIDRs are required and never default to the whole internet', () => {
    const cidrs = stack.variable.endpoint_public_access_cidrs;
    assert.equal('default' in cidrs, false, 'no default: the caller has to say who may reach the API');
    assert.equal(stack.module.eks.endpoint_public_access_cidrs, ref('var.endpoint_public_access ? var.endpoint_public_access_cidrs : []'));
    assert.doesNotMatch(JSON.stringify(stack.module.eks), /0\.0\.0\.0\/0/);
    assert.equal(stack.module.eks.endpoint_private_access, ref('var.endpoint_private_access'));
    assert.equal(stack.variable.endpoint_private_access.default, true);
    assert.equal(stack.variable.endpoint_public_access.default, true);
  });

  it('uses access entries: API mode, the creator is admin, more principals by variable', () => {
    const eks = stack.module.eks;
    assert.equal(eks.authentication_mode, 'API');
    assert.equal(eks.enable_cluster_creator_admin_permissions, true);
    assert.match(eks.access_entries, /local\.admin_access_entries/);
    assert.match(stack.locals.admin_access_entries, /var\.admin_principal_arns/);
    assert.match(eks.access_entries, /local\.bastion_access_entries/);
  });

  it('NAT: single by default, one per AZ by variable, and the count reaches the cost output', () => {
    assert.equal(stack.variable.nat_gateway_mode.default, 'single');
    const vpc = stack.module.vpc;
    assert.equal(vpc.enable_nat_gateway, true);
    assert.equal(vpc.single_nat_gateway, ref('var.nat_gateway_mode == "single"'));
    assert.equal(vpc.one_nat_gateway_per_az, ref('var.nat_gateway_mode == "one_per_az"'));
    assert.equal(stack.locals.nat_gateway_count, ref('var.nat_gateway_mode == "single" ? 1 : length(local.azs)'));
    assert.equal(stack.output.cost_inputs.value.nat_gateway_count, ref('local.nat_gateway_count'));
  });

  it('VPC over two AZs with ELB role tags on public and private subnets', () => {
    assert.equal(stack.locals.azs, ref('slice(data.aws_availability_zones.available.names, 0, 2)'));
    assert.deepEqual(stack.module.vpc.public_subnet_tags, { 'kubernetes.io/role/elb': 1 });
    assert.match(stack.module.vpc.private_subnet_tags, /"kubernetes\.io\/role\/internal-elb" = 1/);
  });

  it('installs the required add-ons, networking and Pod Identity before compute', () => {
    const addons = stack.module.eks.addons;
    for (const name of ['vpc-cni', 'eks-pod-identity-agent', 'coredns', 'kube-proxy', 'metrics-server', 'amazon-cloudwatch-observability']) {
      assert.ok(name in addons, `add-on ${name}`);
    }
    assert.equal(addons['vpc-cni'].before_compute, true);
    assert.equal(addons['eks-pod-identity-agent'].before_compute, true);
    const [association] = addons['amazon-cloudwatch-observability'].pod_identity_association;
    assert.equal(association.service_account, 'cloudwatch-agent');
    assert.equal(association.role_arn, ref('module.cloudwatch_observability_pod_identity.iam_role_arn'));
    assert.equal(stack.module.cloudwatch_observability_pod_identity.attach_aws_cloudwatch_observability_policy, true);
  });

  it('managed node group: private subnets, AL2023, IMDSv2 with hop limit 1, sizes and capacity by variable', () => {
    const groups = Object.values<any>(stack.module.eks.eks_managed_node_groups);
    assert.equal(groups.length, 1);
    const [group] = groups;
    assert.equal(group.subnet_ids, ref('module.vpc.private_subnets'));
    assert.match(group.ami_type, /^AL2023_/);
    assert.deepEqual(group.metadata_options, { http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1 });
    assert.equal(group.capacity_type, ref('var.node_capacity_type'));
    assert.equal(group.instance_types, ref('var.node_instance_types'));
    for (const size of ['min', 'desired', 'max']) assert.equal(group[`${size}_size`], ref(`var.node_${size}_size`));
    assert.ok(stack.variable.node_instance_types.default.length > 1, 'several instance types');
  });

  it('log groups are created in Terraform with the retention variable', () => {
    assert.equal(stack.module.eks.create_cloudwatch_log_group, true);
    assert.equal(stack.module.eks.cloudwatch_log_group_retention_in_days, ref('var.log_retention_days'));
    const groups = stack.resource.aws_cloudwatch_log_group;
    assert.ok(Object.keys(groups).length >= 1);
    for (const group of Object.values<Block>(groups)) assert.equal(group.retention_in_days, ref('var.log_retention_days'));
    assert.match(stack.locals.container_insights_log_groups, /"application"/);
    assert.match(stack.locals.container_insights_log_groups, /\/aws\/containerinsights\/\$\{var\.name\}\/\$\{kind\}/);
  });

  it('tags everything through the provider: project, owner and ltop-stack', () => {
    assert.equal(stack.provider.aws.default_tags[0].tags, ref('local.stack_tags'));
    for (const key of ['project', 'owner', '"ltop-stack"']) assert.match(stack.locals.stack_tags, new RegExp(`${key}\\s+= var\\.`));
  });

  it('ECR: scan on push, lifecycle keeping the last N, deletable with images', () => {
    const repo = stack.resource.aws_ecr_repository.runtime;
    assert.equal(repo.force_delete, true);
    assert.equal(repo.image_scanning_configuration[0].scan_on_push, true);
    assert.match(stack.resource.aws_ecr_lifecycle_policy.runtime.policy, /countNumber = var\.ecr_keep_images/);
  });

  it('the bastion is SSM only: no key pair, no inbound rule, private subnet, IMDSv2', () => {
    const bastion = stack.resource.aws_instance.bastion;
    assert.equal('key_name' in bastion, false);
    assert.equal(bastion.associate_public_ip_address, false);
    assert.equal(bastion.subnet_id, ref('module.vpc.private_subnets[0]'));
    assert.equal(bastion.metadata_options[0].http_tokens, 'required');
    assert.equal(bastion.metadata_options[0].http_put_response_hop_limit, 1);
    assert.equal('ingress' in stack.resource.aws_security_group.bastion, false);
    assert.equal(stack.resource.aws_iam_role_policy_attachment.bastion_ssm.policy_arn, 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore');
    assert.equal(stack.variable.enable_bastion.default, false);
  });

  it('Karpenter is optional and off by default', () => {
    assert.equal(stack.variable.enable_karpenter.default, false);
    assert.equal(stack.module.karpenter.create, ref('var.enable_karpenter'));
    assert.equal(stack.module.karpenter.create_pod_identity_association, true);
    for (const release of Object.values<Block>(stack.resource.helm_release)) assert.equal(release.count, ref('var.enable_karpenter ? 1 : 0'));
  });

  it('outputs what ltop and the cost meter need', () => {
    for (const name of ['cluster_name', 'cluster_endpoint', 'region', 'ecr_repository_url', 'log_group_names', 'node_group_name', 'cost_inputs']) {
      assert.ok(stack.output[name]?.description, `output ${name}`);
    }
    const cost = stack.output.cost_inputs.value;
    assert.equal(cost.region, ref('var.region'));
    for (const field of ['node_instance_types', 'node_capacity_type', 'node_desired_size']) assert.equal(cost[field], ref(`var.${field}`));
  });
});

describe('inputs given to the modules exist in the pinned versions', () => {
  const unknown = (given: Record<string, unknown>, known: string[]) =>
    Object.keys(given).filter((key) => !moduleMetaArguments.has(key) && !known.includes(key));

  it('vpc, eks, karpenter, eks-pod-identity', () => {
    assert.deepEqual(unknown(stack.module.vpc, moduleInputs('vpc').variables), []);
    assert.deepEqual(unknown(stack.module.eks, moduleInputs('eks').variables), []);
    assert.deepEqual(unknown(stack.module.karpenter, moduleInputs('eks-karpenter').variables), []);
    assert.deepEqual(unknown(stack.module.cloudwatch_observability_pod_identity, moduleInputs('eks-pod-identity').variables), []);
  });

  it('node group and add-on attributes', () => {
    const attributes = moduleInputs('eks').objectAttributes;
    for (const group of Object.values<Record<string, unknown>>(stack.module.eks.eks_managed_node_groups)) {
      assert.deepEqual(unknown(group, attributes.eks_managed_node_groups), []);
    }
    for (const addon of Object.values<Record<string, unknown>>(stack.module.eks.addons)) {
      assert.deepEqual(unknown(addon, attributes.addons), []);
    }
  });

  it('access entries built in locals use the attribute names of the module', () => {
    const attributes = moduleInputs('eks').objectAttributes['access_entries'] ?? [];
    for (const local of ['admin_access_entries', 'bastion_access_entries']) {
      // The entry's own keys sit at the first level inside `=> {` / `bastion = {`.
      const entryKeys = [...String(stack.locals[local]).matchAll(/^ {6}([a-z_]+)\s+=/gm)].map((match) => match[1]);
      assert.ok(entryKeys.length >= 2, `${local}: ${entryKeys.join(', ')}`);
      for (const key of entryKeys) assert.ok(attributes.includes(key!), `${local}.${key} is an access_entries attribute`);
    }
  });

  it('every module output the stack reads exists in the pinned version', () => {
    const recorded = { vpc: 'vpc', eks: 'eks', karpenter: 'eks-karpenter', cloudwatch_observability_pod_identity: 'eks-pod-identity' } as const;
    const references = moduleReferences();
    assert.ok(references.length >= 15, `${references.length} references`);
    for (const { module, output, file } of references) {
      const fixture = recorded[module as keyof typeof recorded];
      assert.ok(fixture, `${file}: module.${module} is one of the recorded modules`);
      assert.ok(moduleInputs(fixture).outputs.includes(output), `${file}: module.${module}.${output} is an output of ${fixture}`);
    }
  });

  it('none of the v20 cluster_-prefixed names remain', () => {
    assert.deepEqual(Object.keys(stack.module.eks).filter((key) => key.startsWith('cluster_')), []);
  });

  it('catches a misspelt input (the check itself works)', () => {
    assert.deepEqual(unknown({ cluster_version: '1.35', name: 'x' }, moduleInputs('eks').variables), ['cluster_version']);
  });
});
