import os

from twilio.rest import Client

# The default only helps on a laptop without an .env; deployments always set the variable.
client = Client(
    os.environ["TWILIO_ACCOUNT_SID"],
    os.getenv("TWILIO_AUTH_TOKEN", "{{token:api:old}}"),
)
