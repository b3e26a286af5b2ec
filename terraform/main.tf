# The shared names and the input checks that involve more than one variable
# (variable validation can only see its own value on Terraform 1.5).

data "aws_availability_zones" "available" {
  # Local Zones and Wavelength Zones cannot host EKS subnets.
  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}

data "aws_caller_identity" "current" {}

locals {
  azs = slice(data.aws_availability_zones.available.names, 0, 2)

  stack_tags = merge(var.tags, {
    project      = var.project
    owner        = var.owner
    "ltop-stack" = var.name
  })

  nat_gateway_count = var.nat_gateway_mode == "single" ? 1 : length(local.azs)

  container_insights_log_groups = {
    for kind in ["application", "dataplane", "host", "performance"] :
    kind => "/aws/containerinsights/${var.name}/${kind}"
  }
}

# Fails the plan with a message, before anything is created, when the inputs
# contradict each other.
resource "terraform_data" "input_checks" {
  input = var.name

  lifecycle {
    precondition {
      condition     = var.node_min_size <= var.node_desired_size && var.node_desired_size <= var.node_max_size
      error_message = "Node group sizes must satisfy node_min_size <= node_desired_size <= node_max_size."
    }
    precondition {
      condition     = var.endpoint_public_access || var.endpoint_private_access
      error_message = "At least one of endpoint_public_access and endpoint_private_access must be true."
    }
    precondition {
      condition     = var.endpoint_public_access || var.enable_bastion
      error_message = "A private-only endpoint is reachable only from inside the VPC: set enable_bastion = true (or keep endpoint_public_access = true)."
    }
  }
}
