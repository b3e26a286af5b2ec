# Optional node autoscaling: when the worker HPA adds pods that do not fit, Karpenter
# launches nodes for them, and removes empty ones. The AWS side (controller role with Pod
# Identity, interruption queue, node role and its access entry) comes from the EKS
# module's karpenter submodule; the controller and one NodePool are Helm releases.

module "karpenter" {
  source  = "terraform-aws-modules/eks/aws//modules/karpenter"
  version = "~> 21.19"

  create = var.enable_karpenter

  cluster_name                    = module.eks.cluster_name
  create_pod_identity_association = true

  # The EC2NodeClass names this role, so it must not get a random suffix.
  node_iam_role_use_name_prefix = false
  node_iam_role_name            = "${var.name}-karpenter-node"
  node_iam_role_additional_policies = {
    AmazonSSMManagedInstanceCore = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
  }
}

resource "helm_release" "karpenter" {
  count = var.enable_karpenter ? 1 : 0

  namespace  = "kube-system"
  name       = "karpenter"
  repository = "oci://public.ecr.aws/karpenter"
  chart      = "karpenter"
  version    = var.karpenter_chart_version
  wait       = true

  values = [yamlencode({
    nodeSelector = { "karpenter.sh/controller" = "true" }
    dnsPolicy    = "Default"
    settings = {
      clusterName       = module.eks.cluster_name
      clusterEndpoint   = module.eks.cluster_endpoint
      interruptionQueue = module.karpenter.queue_name
    }
    webhook = { enabled = false }
  })]
}

# Deleted before the controller on destroy, so Karpenter itself terminates the nodes it
# launched; they carry the ltop-stack tag so the orphan check finds any that remain.
resource "helm_release" "karpenter_nodepool" {
  count = var.enable_karpenter ? 1 : 0

  namespace = "kube-system"
  name      = "karpenter-nodepool"
  chart     = "${path.module}/charts/karpenter-nodepool"
  wait      = true

  values = [yamlencode({
    clusterName  = module.eks.cluster_name
    nodeRole     = module.karpenter.node_iam_role_name
    capacityType = lower(replace(var.node_capacity_type, "_", "-"))
    cpuLimit     = var.karpenter_cpu_limit
    tags         = local.stack_tags
  })]

  depends_on = [helm_release.karpenter]
}
