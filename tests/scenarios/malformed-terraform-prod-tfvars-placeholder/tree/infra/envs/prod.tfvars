environment        = "prod"
twilio_account_sid = "{{sid:prod}}"
twilio_auth_token  = "<your-auth-token>"
