variable "aws_region" {
  type    = string
  default = "us-east-1"
}

variable "twilio_account_sid" {
  type        = string
  description = "Account SID shared by every workspace"
}

variable "twilio_auth_tokens" {
  type        = map(string)
  sensitive   = true
  description = "Auth token per workspace (keys are workspace names)"
}
