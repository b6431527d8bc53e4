provider "twilio" {
  # username and password come from TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN in CI
}

resource "aws_lambda_function" "reminders" {
  function_name = "reminders"
  handler       = "app.handler"
  runtime       = "python3.12"

  environment {
    variables = {
      TWILIO_ACCOUNT_SID = var.twilio_account_sid
      TWILIO_AUTH_TOKEN  = var.twilio_auth_token
    }
  }
}

variable "twilio_account_sid" {
  type = string
}

variable "twilio_auth_token" {
  type      = string
  sensitive = true
}
