# Log groups the amazon-cloudwatch-observability add-on writes to. Created here with a
# retention so they expire and `terraform destroy` removes them; if the add-on created
# them they would live outside the state and never expire.
resource "aws_cloudwatch_log_group" "container_insights" {
  for_each = local.container_insights_log_groups

  name              = each.value
  retention_in_days = var.log_retention_days
}

module "cloudwatch_observability_pod_identity" {
  source  = "terraform-aws-modules/eks-pod-identity/aws"
  version = "~> 2.8"

  name = "${var.name}-cloudwatch-observability"

  attach_aws_cloudwatch_observability_policy = true
}
