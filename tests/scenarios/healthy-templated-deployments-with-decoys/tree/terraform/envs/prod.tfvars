twilio_account_sid = "{{sid:prod}}"
twilio_auth_token  = "{{token:prod}}"
