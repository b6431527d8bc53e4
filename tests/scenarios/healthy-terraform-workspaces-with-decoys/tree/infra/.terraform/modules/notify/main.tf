provider "twilio" {
  username = var.account_sids[terraform.workspace]
  password = var.auth_tokens[terraform.workspace]
}

variable "account_sids" {
  default = { prod = "ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" }
}

variable "auth_tokens" {
  default = { prod = "{{token:prod:old}}" }
}
