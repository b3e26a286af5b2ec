# Versions the stack was written against. The module majors are pinned (~>) so a
# breaking v22/v7 never arrives with `init -upgrade`; the AWS provider floor is what
# terraform-aws-modules/eks v21.19 and /vpc v6.6 declare in their own versions.tf.
terraform {
  required_version = ">= 1.5.7"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.28, < 7.0"
    }
    # Only used when enable_karpenter = true (the Karpenter controller and its NodePool).
    helm = {
      source  = "hashicorp/helm"
      version = ">= 3.0, < 4.0"
    }
  }
}
