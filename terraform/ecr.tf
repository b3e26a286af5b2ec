# Where `ltop image push` puts the runtime image (the official Locust image is the default;
# this is for users who need extra Python packages).
resource "aws_ecr_repository" "runtime" {
  name                 = "${var.name}/ltop-runtime"
  image_tag_mutability = "MUTABLE"

  # `ltop down` must be able to delete the repository with images still in it.
  force_delete = true

  image_scanning_configuration {
    scan_on_push = true
  }
}

resource "aws_ecr_lifecycle_policy" "runtime" {
  repository = aws_ecr_repository.runtime.name

  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Keep the last ${var.ecr_keep_images} images"
      selection = {
        tagStatus   = "any"
        countType   = "imageCountMoreThan"
        countNumber = var.ecr_keep_images
      }
      action = { type = "expire" }
    }]
  })
}
