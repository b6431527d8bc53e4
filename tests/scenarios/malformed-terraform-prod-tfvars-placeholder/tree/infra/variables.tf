variable "environment" {
  type = string
}

variable "aws_region" {
  type    = string
  default = "us-east-1"
}

variable "twilio_account_sid" {
  type        = string
  description = "Account SID of the environment's Twilio account"
}

variable "twilio_auth_token" {
  type      = string
  sensitive = true
}
