variable "twilio_account_sids" {
  type        = map(string)
  description = "Twilio Account SID per workspace"
  default = {
    prod    = "ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    staging = "ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  }
}

variable "twilio_auth_tokens" {
  type      = map(string)
  sensitive = true
  default = {
    prod    = "your_auth_token"
    staging = "your_auth_token"
  }
}
