locals {
  # The managed policy that makes a principal cluster-admin through an access entry.
  cluster_admin_policy_arn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"

  admin_access_entries = {
    for i, arn in var.admin_principal_arns : "admin-${i}" => {
      principal_arn = arn
      policy_associations = {
        admin = {
          policy_arn   = local.cluster_admin_policy_arn
          access_scope = { type = "cluster" }
        }
      }
    }
  }

  bastion_access_entries = var.enable_bastion ? {
    bastion = {
      principal_arn = aws_iam_role.bastion[0].arn
      policy_associations = {
        admin = {
          policy_arn   = local.cluster_admin_policy_arn
          access_scope = { type = "cluster" }
        }
      }
    }
  } : {}

  worker_node_group = "workers"
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.19"

  name               = var.name
  kubernetes_version = var.kubernetes_version

  # Public endpoint only for the CIDRs given (there is no open default); the private
  # endpoint keeps node and bastion traffic inside the VPC.
  endpoint_public_access       = var.endpoint_public_access
  endpoint_public_access_cidrs = var.endpoint_public_access ? var.endpoint_public_access_cidrs : []
  endpoint_private_access      = var.endpoint_private_access

  # Access entries only (no aws-auth ConfigMap): whoever runs Terraform is admin, plus
  # the principals listed and, when enabled, the bastion's role.
  authentication_mode                      = "API"
  enable_cluster_creator_admin_permissions = true
  access_entries                           = merge(local.admin_access_entries, local.bastion_access_entries)

  # A test cluster must be destroyable by `ltop down` without a manual step.
  deletion_protection = false

  # The module creates /aws/eks/<name>/cluster itself; the retention is ours (its default
  # is 90 days), so destroy removes the group and nothing is billed for months after.
  enabled_log_types                      = var.control_plane_log_types
  create_cloudwatch_log_group            = true
  cloudwatch_log_group_retention_in_days = var.log_retention_days

  vpc_id     = module.vpc.vpc_id
  subnet_ids = module.vpc.private_subnets

  addons = {
    # Networking and Pod Identity must exist before nodes join, or pods never get IPs
    # and add-ons using Pod Identity get no credentials.
    vpc-cni = {
      before_compute = true
    }
    eks-pod-identity-agent = {
      before_compute = true
    }
    coredns    = {}
    kube-proxy = {}
    # The worker HorizontalPodAutoscaler reads CPU from the metrics API.
    metrics-server = {}
    # Container logs to /aws/containerinsights/<name>/application (the group is created
    # below with retention), credentials through Pod Identity rather than the node role.
    amazon-cloudwatch-observability = {
      pod_identity_association = [{
        role_arn        = module.cloudwatch_observability_pod_identity.iam_role_arn
        service_account = "cloudwatch-agent"
      }]
    }
  }

  security_group_additional_rules = var.enable_bastion ? {
    bastion_https = {
      description              = "kubectl and ltop from the bastion to the private endpoint"
      type                     = "ingress"
      protocol                 = "tcp"
      from_port                = 443
      to_port                  = 443
      source_security_group_id = aws_security_group.bastion[0].id
    }
  } : {}

  node_security_group_tags = var.enable_karpenter ? { "karpenter.sh/discovery" = var.name } : {}

  eks_managed_node_groups = {
    (local.worker_node_group) = {
      ami_type       = "AL2023_x86_64_STANDARD"
      instance_types = var.node_instance_types
      capacity_type  = var.node_capacity_type

      min_size     = var.node_min_size
      desired_size = var.node_desired_size
      max_size     = var.node_max_size

      subnet_ids = module.vpc.private_subnets

      # IMDSv2 only, and a hop limit of 1 so pods cannot borrow the node's role.
      metadata_options = {
        http_endpoint               = "enabled"
        http_tokens                 = "required"
        http_put_response_hop_limit = 1
      }

      # Karpenter's own controller must run on nodes it does not manage.
      labels = var.enable_karpenter ? { "karpenter.sh/controller" = "true" } : {}
    }
  }

  # The Container Insights groups exist (with retention) before the add-on writes to them;
  # otherwise Fluent Bit creates them first, without retention and outside the state.
  # (The input checks need no edge: a failed precondition fails the whole plan.)
  depends_on = [aws_cloudwatch_log_group.container_insights]
}
