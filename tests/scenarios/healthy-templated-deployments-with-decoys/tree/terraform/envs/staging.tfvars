twilio_account_sid = "{{sid:staging}}"
twilio_auth_token  = "{{token:staging}}"
