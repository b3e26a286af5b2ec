# Optional bastion for a private-only API endpoint: a small instance in a private subnet,
# reached with SSM Session Manager (`aws ssm start-session --target <id>`). It has no key
# pair and its security group allows no inbound traffic at all; ltop runs there.

data "aws_ssm_parameter" "al2023" {
  count = var.enable_bastion ? 1 : 0
  name  = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
}

data "aws_iam_policy_document" "bastion_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "bastion" {
  count              = var.enable_bastion ? 1 : 0
  name_prefix        = "${var.name}-bastion-"
  assume_role_policy = data.aws_iam_policy_document.bastion_assume.json
}

resource "aws_iam_role_policy_attachment" "bastion_ssm" {
  count      = var.enable_bastion ? 1 : 0
  role       = aws_iam_role.bastion[0].name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

# What ltop on the bastion reads through the AWS SDK: the cluster and its node groups
# (to connect and show status) and the stack's log groups (the logs panel).
data "aws_iam_policy_document" "bastion_ltop" {
  statement {
    actions   = ["eks:DescribeCluster", "eks:ListNodegroups", "eks:DescribeNodegroup"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/ltop-stack"
      values   = [var.name]
    }
  }
  statement {
    actions   = ["logs:DescribeLogGroups"]
    resources = ["*"]
  }
  statement {
    actions   = ["logs:FilterLogEvents", "logs:StartLiveTail", "logs:DescribeLogStreams"]
    resources = ["arn:aws:logs:${var.region}:${data.aws_caller_identity.current.account_id}:log-group:/aws/*/${var.name}/*"]
  }
}

resource "aws_iam_role_policy" "bastion_ltop" {
  count  = var.enable_bastion ? 1 : 0
  name   = "ltop"
  role   = aws_iam_role.bastion[0].id
  policy = data.aws_iam_policy_document.bastion_ltop.json
}

resource "aws_iam_instance_profile" "bastion" {
  count       = var.enable_bastion ? 1 : 0
  name_prefix = "${var.name}-bastion-"
  role        = aws_iam_role.bastion[0].name
}

resource "aws_security_group" "bastion" {
  count       = var.enable_bastion ? 1 : 0
  name_prefix = "${var.name}-bastion-"
  description = "ltop bastion: no inbound; outbound to SSM, the EKS endpoint and the load target"
  vpc_id      = module.vpc.vpc_id

  egress {
    description = "SSM agent, EKS API, package mirrors and the system under test"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_instance" "bastion" {
  count = var.enable_bastion ? 1 : 0

  ami                    = nonsensitive(data.aws_ssm_parameter.al2023[0].value)
  instance_type          = var.bastion_instance_type
  subnet_id              = module.vpc.private_subnets[0]
  vpc_security_group_ids = [aws_security_group.bastion[0].id]
  iam_instance_profile   = aws_iam_instance_profile.bastion[0].name

  associate_public_ip_address = false

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  root_block_device {
    encrypted   = true
    volume_size = 20
    volume_type = "gp3"
  }

  tags = {
    Name = "${var.name}-bastion"
  }

  # A newer AMI must not replace a bastion someone is logged into.
  lifecycle {
    ignore_changes = [ami]
  }
}
