resource "aws_ecs_task_definition" "sms" {
  family                   = "sms-prod"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  container_definitions = jsonencode([
    {
      name  = "sms"
      image = "acme/sms:1.2.0"
      environment = [
        { name = "NODE_ENV", value = "production" },
        { name = "TWILIO_ACCOUNT_SID", value = "{{sid:main}}" },
        { name = "TWILIO_AUTH_TOKEN", value = "{{token:main}}" },
      ]
    }
  ])
}
