provider "aws" {
  region = var.region

  # Every resource the provider creates carries these tags, so the orphan check after
  # `ltop down` can find anything left by looking for the `ltop-stack` tag.
  default_tags {
    tags = local.stack_tags
  }
}

# The token comes from the SDK-style presigned STS call the provider makes itself:
# no AWS CLI is needed where Terraform runs.
data "aws_eks_cluster_auth" "this" {
  count = var.enable_karpenter ? 1 : 0
  name  = module.eks.cluster_name
}

provider "helm" {
  kubernetes = {
    host                   = module.eks.cluster_endpoint
    cluster_ca_certificate = base64decode(module.eks.cluster_certificate_authority_data)
    token                  = var.enable_karpenter ? data.aws_eks_cluster_auth.this[0].token : null
  }
}
