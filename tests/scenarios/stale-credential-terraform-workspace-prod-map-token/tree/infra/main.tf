terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
    twilio = {
      source  = "twilio/twilio"
      version = "0.18.35"
    }
  }
  backend "s3" {
    bucket               = "acme-terraform-state"
    key                  = "notifier/terraform.tfstate"
    region               = "us-east-1"
    workspace_key_prefix = "notifier"
  }
}

locals {
  # workspaces are named after the environments: prod, staging
  environment  = terraform.workspace
  twilio_token = lookup(var.twilio_auth_tokens, terraform.workspace)
}

provider "aws" {
  region = var.aws_region
}

provider "twilio" {
  username = var.twilio_account_sid
  password = local.twilio_token
}

resource "twilio_messaging_services_v1" "notifier" {
  friendly_name = "notifier-${local.environment}"
}

resource "aws_lambda_function" "notifier" {
  function_name = "notifier-${local.environment}"
  role          = aws_iam_role.notifier.arn
  handler       = "handler.main"
  runtime       = "nodejs20.x"
  filename      = "build/notifier.zip"

  environment {
    variables = {
      NODE_ENV                      = local.environment
      TWILIO_ACCOUNT_SID            = var.twilio_account_sid
      TWILIO_AUTH_TOKEN             = lookup(var.twilio_auth_tokens, terraform.workspace)
      TWILIO_MESSAGING_SERVICE_SID  = twilio_messaging_services_v1.notifier.sid
    }
  }
}

resource "aws_iam_role" "notifier" {
  name = "notifier-${local.environment}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Action    = "sts:AssumeRole"
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })
}
