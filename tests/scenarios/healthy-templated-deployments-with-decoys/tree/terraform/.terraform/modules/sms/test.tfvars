twilio_account_sid = "ACbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
twilio_auth_token  = "fedcba9876543210fedcba9876543210"
