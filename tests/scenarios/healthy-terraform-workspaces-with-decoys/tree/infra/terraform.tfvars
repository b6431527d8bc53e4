twilio_account_sids = {
  prod    = "{{sid:prod}}"
  staging = "{{sid:staging}}"
}

twilio_auth_tokens = {
  # prod  = "{{token:prod:old}}"  (before the March rotation)
  prod    = "{{token:prod}}"
  staging = "{{token:staging}}"
}
