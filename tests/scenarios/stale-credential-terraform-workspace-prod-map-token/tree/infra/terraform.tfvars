twilio_account_sid = "{{sid:prod}}"

# keyed by `terraform workspace show`
twilio_auth_tokens = {
  staging = "{{token:prod:rotated}}"
  prod    = "{{token:prod}}"
}
