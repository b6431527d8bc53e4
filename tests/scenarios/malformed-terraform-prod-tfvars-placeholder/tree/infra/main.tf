terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
    twilio = {
      source  = "twilio/twilio"
      version = "0.18.35"
    }
  }
}

provider "aws" {
  region = var.aws_region
}

# username/password: the Account SID and auth token of the environment's account
provider "twilio" {
  username = var.twilio_account_sid
  password = var.twilio_auth_token
}

resource "twilio_api_accounts_keys" "reminders" {
  friendly_name = "reminders-${var.environment}"
}

resource "aws_lambda_function" "reminders" {
  function_name = "reminders-${var.environment}"
  role          = aws_iam_role.reminders.arn
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "build/reminders.zip"

  environment {
    variables = {
      APP_ENV            = var.environment
      TWILIO_ACCOUNT_SID = var.twilio_account_sid
      TWILIO_AUTH_TOKEN  = var.twilio_auth_token
    }
  }
}

resource "aws_iam_role" "reminders" {
  name = "reminders-${var.environment}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Action    = "sts:AssumeRole"
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })
}
