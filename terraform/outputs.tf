output "cluster_name" {
  description = "EKS cluster name (DescribeCluster, the token's x-k8s-aws-id)."
  value       = module.eks.cluster_name
}

output "cluster_endpoint" {
  description = "EKS API server endpoint."
  value       = module.eks.cluster_endpoint
}

output "region" {
  description = "Region the stack is in."
  value       = var.region
}

output "ecr_repository_url" {
  description = "Where `ltop image push` pushes the runtime image."
  value       = aws_ecr_repository.runtime.repository_url
}

output "log_group_names" {
  description = "CloudWatch log groups of the stack: control plane and Container Insights (application holds the container logs)."
  value = merge(
    { control_plane = module.eks.cloudwatch_log_group_name },
    { for kind, group in aws_cloudwatch_log_group.container_insights : kind => group.name },
  )
}

output "node_group_name" {
  description = "Name of the managed node group (the module adds a suffix to the key)."
  # node_group_id is "<cluster>:<node group>".
  value = element(split(":", module.eks.eks_managed_node_groups[local.worker_node_group].node_group_id), 1)
}

output "bastion_instance_id" {
  description = "Instance to open a session on (aws ssm start-session --target ID), or null without a bastion."
  value       = var.enable_bastion ? aws_instance.bastion[0].id : null
}

output "stack_tag" {
  description = "Tag on everything the stack creates, for the orphan check after destroy."
  value       = { key = "ltop-stack", value = var.name }
}

output "cost_inputs" {
  description = "What the cost meter multiplies by prices and time: the billable parts of the stack."
  value = {
    region              = var.region
    eks_clusters        = 1
    node_instance_types = var.node_instance_types
    node_capacity_type  = var.node_capacity_type
    node_desired_size   = var.node_desired_size
    node_max_size       = var.node_max_size
    nat_gateway_count   = local.nat_gateway_count
    # Each NAT gateway holds one Elastic IP, billed as a public IPv4 address.
    public_ipv4_count     = local.nat_gateway_count
    bastion_instance_type = var.enable_bastion ? var.bastion_instance_type : null
    karpenter_enabled     = var.enable_karpenter
    karpenter_cpu_limit   = var.enable_karpenter ? var.karpenter_cpu_limit : 0
  }
}
