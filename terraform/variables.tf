# Every input has a description and a validation: a wrong value fails at plan time with
# a message instead of half-way through a 15-minute apply.

variable "region" {
  description = "AWS region to create the stack in, e.g. eu-central-1."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must look like eu-central-1 or us-east-1."
  }
}

variable "name" {
  description = "Name of the stack: the EKS cluster, the VPC and the prefix of everything else. Also the value of the ltop-stack tag."
  type        = string
  default     = "ltop"

  validation {
    # Node group and IAM name prefixes add up to 38 characters of their own.
    condition     = can(regex("^[a-z][a-z0-9-]{1,22}[a-z0-9]$", var.name))
    error_message = "name must be 3-24 characters: lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "project" {
  description = "Value of the project tag on every resource."
  type        = string
  default     = "ltop"

  validation {
    condition     = length(var.project) > 0 && length(var.project) <= 128
    error_message = "project must be 1-128 characters."
  }
}

variable "owner" {
  description = "Who answers for the bill: value of the owner tag on every resource (an email or a team)."
  type        = string

  validation {
    condition     = length(trimspace(var.owner)) > 0 && length(var.owner) <= 256
    error_message = "owner must be a non-empty tag value (at most 256 characters)."
  }
}

variable "tags" {
  description = "Extra tags for every resource (project, owner and ltop-stack are always set and win)."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for k, v in var.tags : length(k) > 0 && length(k) <= 128 && length(v) <= 256 && !startswith(lower(k), "aws:")])
    error_message = "tags: keys 1-128 characters not starting with aws:, values at most 256 characters."
  }
}

variable "kubernetes_version" {
  description = "Kubernetes minor version of the control plane and the node group (one in EKS standard support: extended support costs 6x)."
  type        = string
  default     = "1.35"

  validation {
    condition     = can(regex("^1\\.[0-9]{2}$", var.kubernetes_version))
    error_message = "kubernetes_version must be a minor version such as 1.35."
  }
}

variable "vpc_cidr" {
  description = "IPv4 CIDR of the VPC, /16 to /19: each private subnet gets 1/16 of it (pods take VPC addresses), each public subnet 1/256 (a /24 of a /16; /27 at /19, the smallest a load balancer accepts)."
  type        = string
  default     = "10.0.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && !strcontains(var.vpc_cidr, ":") && tonumber(split("/", var.vpc_cidr)[1]) >= 16 && tonumber(split("/", var.vpc_cidr)[1]) <= 19
    error_message = "vpc_cidr must be an IPv4 CIDR with a prefix between /16 and /19."
  }
}

variable "nat_gateway_mode" {
  description = "single: one NAT gateway for both AZs (cheapest, fine for short-lived test clusters); one_per_az: one per AZ (survives an AZ outage, twice the NAT cost)."
  type        = string
  default     = "single"

  validation {
    condition     = contains(["single", "one_per_az"], var.nat_gateway_mode)
    error_message = "nat_gateway_mode must be single or one_per_az."
  }
}

variable "endpoint_public_access" {
  description = "Whether the EKS API has a public endpoint (restricted to endpoint_public_access_cidrs). Set false for a private-only endpoint reached from the bastion."
  type        = bool
  default     = true

  validation {
    condition     = var.endpoint_public_access != null
    error_message = "endpoint_public_access must be true or false."
  }
}

variable "endpoint_public_access_cidrs" {
  description = "CIDRs allowed to reach the public EKS API endpoint, e.g. [\"203.0.113.7/32\"] (ltop derives it from the caller's IP). Required: there is no open default. Not used when endpoint_public_access = false."
  type        = list(string)

  validation {
    condition     = length(var.endpoint_public_access_cidrs) > 0 && alltrue([for c in var.endpoint_public_access_cidrs : can(cidrhost(c, 0))])
    error_message = "endpoint_public_access_cidrs must list at least one valid CIDR, e.g. 203.0.113.7/32."
  }

  validation {
    condition     = !anytrue([for c in var.endpoint_public_access_cidrs : endswith(c, "/0")])
    error_message = "endpoint_public_access_cidrs must not open the API to the whole internet (0.0.0.0/0 or ::/0)."
  }
}

variable "endpoint_private_access" {
  description = "Whether the EKS API has a private endpoint inside the VPC (nodes and the bastion use it)."
  type        = bool
  default     = true

  validation {
    condition     = var.endpoint_private_access != null
    error_message = "endpoint_private_access must be true or false."
  }
}

variable "admin_principal_arns" {
  description = "IAM role or user ARNs given cluster-admin through access entries, besides the identity that runs Terraform."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.admin_principal_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(role|user)/.+$", arn))])
    error_message = "admin_principal_arns must be IAM role or user ARNs (arn:aws:iam::123456789012:role/NAME)."
  }
}

variable "control_plane_log_types" {
  description = "EKS control plane log types sent to /aws/eks/<name>/cluster."
  type        = list(string)
  default     = ["api", "audit", "authenticator"]

  validation {
    condition     = alltrue([for t in var.control_plane_log_types : contains(["api", "audit", "authenticator", "controllerManager", "scheduler"], t)])
    error_message = "control_plane_log_types may contain api, audit, authenticator, controllerManager and scheduler."
  }
}

variable "log_retention_days" {
  description = "Retention of every log group the stack creates (control plane and Container Insights), in days."
  type        = number
  default     = 7

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "node_instance_types" {
  description = "Instance types of the managed node group, in order of preference (ON_DEMAND uses the first available; SPOT spreads over all of them)."
  type        = list(string)
  default     = ["c6i.large", "c5.large", "m6i.large"]

  validation {
    condition     = length(var.node_instance_types) >= 1 && length(var.node_instance_types) <= 20 && alltrue([for t in var.node_instance_types : can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", t))])
    error_message = "node_instance_types must list 1-20 EC2 instance types such as c6i.large."
  }
}

variable "node_capacity_type" {
  description = "ON_DEMAND, or SPOT (typically 45-70% cheaper; a node can be reclaimed mid-test with 2 minutes' notice)."
  type        = string
  default     = "ON_DEMAND"

  validation {
    condition     = contains(["ON_DEMAND", "SPOT"], var.node_capacity_type)
    error_message = "node_capacity_type must be ON_DEMAND or SPOT."
  }
}

variable "node_min_size" {
  description = "Minimum number of nodes in the managed node group."
  type        = number
  default     = 1

  validation {
    condition     = var.node_min_size >= 0 && var.node_min_size <= 100 && floor(var.node_min_size) == var.node_min_size
    error_message = "node_min_size must be a whole number from 0 to 100."
  }
}

variable "node_desired_size" {
  description = "Number of nodes created (later changes are left to autoscaling: the node group ignores drift in it)."
  type        = number
  default     = 2

  validation {
    condition     = var.node_desired_size >= 0 && var.node_desired_size <= 100 && floor(var.node_desired_size) == var.node_desired_size
    error_message = "node_desired_size must be a whole number from 0 to 100."
  }
}

variable "node_max_size" {
  description = "Maximum number of nodes in the managed node group."
  type        = number
  default     = 4

  validation {
    condition     = var.node_max_size >= 1 && var.node_max_size <= 100 && floor(var.node_max_size) == var.node_max_size
    error_message = "node_max_size must be a whole number from 1 to 100."
  }
}

variable "enable_karpenter" {
  description = "Install Karpenter (the EKS module's karpenter submodule, Pod Identity, plus the controller and one NodePool) so nodes follow the worker HPA."
  type        = bool
  default     = false

  validation {
    condition     = var.enable_karpenter != null
    error_message = "enable_karpenter must be true or false."
  }
}

variable "karpenter_chart_version" {
  description = "Version of the Karpenter Helm chart (the submodule in eks v21.19 supports Karpenter 1.12)."
  type        = string
  default     = "1.12.0"

  validation {
    condition     = can(regex("^1\\.[0-9]+\\.[0-9]+$", var.karpenter_chart_version))
    error_message = "karpenter_chart_version must be a 1.x.y version."
  }
}

variable "karpenter_cpu_limit" {
  description = "Most vCPUs Karpenter may launch in total: the ceiling on what autoscaling can cost."
  type        = number
  default     = 32

  validation {
    condition     = var.karpenter_cpu_limit >= 2 && var.karpenter_cpu_limit <= 1000
    error_message = "karpenter_cpu_limit must be between 2 and 1000."
  }
}

variable "enable_bastion" {
  description = "Create a bastion in a private subnet, reached only with SSM Session Manager (no SSH, no key pair), with cluster-admin through an access entry: where ltop runs when the endpoint is private only."
  type        = bool
  default     = false

  validation {
    condition     = var.enable_bastion != null
    error_message = "enable_bastion must be true or false."
  }
}

variable "bastion_instance_type" {
  description = "Instance type of the bastion (ltop and kubectl need little)."
  type        = string
  default     = "t3.small"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", var.bastion_instance_type))
    error_message = "bastion_instance_type must be an EC2 instance type such as t3.small."
  }
}

variable "ecr_keep_images" {
  description = "How many images the ECR repository keeps; older ones expire."
  type        = number
  default     = 10

  validation {
    condition     = var.ecr_keep_images >= 1 && var.ecr_keep_images <= 1000 && floor(var.ecr_keep_images) == var.ecr_keep_images
    error_message = "ecr_keep_images must be a whole number from 1 to 1000."
  }
}
