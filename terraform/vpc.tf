module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 6.6"

  name = var.name
  cidr = var.vpc_cidr
  azs  = local.azs

  # /20 private subnets leave room for many pods (the VPC CNI gives each pod a VPC IP);
  # /24 public subnets only hold NAT gateways and load balancers.
  private_subnets = [for i, az in local.azs : cidrsubnet(var.vpc_cidr, 4, i)]
  public_subnets  = [for i, az in local.azs : cidrsubnet(var.vpc_cidr, 8, i + 48)]

  enable_nat_gateway     = true
  single_nat_gateway     = var.nat_gateway_mode == "single"
  one_nat_gateway_per_az = var.nat_gateway_mode == "one_per_az"

  enable_dns_hostnames = true
  enable_dns_support   = true

  # The ELB role tags tell the AWS load balancer integration where to put
  # internet-facing and internal load balancers; Karpenter discovers subnets by tag.
  public_subnet_tags = {
    "kubernetes.io/role/elb" = 1
  }
  private_subnet_tags = merge(
    { "kubernetes.io/role/internal-elb" = 1 },
    var.enable_karpenter ? { "karpenter.sh/discovery" = var.name } : {},
  )
}
