import os

from twilio.rest import Client

# Not Client(api_key, api_secret): without the account SID the key lands in the URL.
client = Client(
    os.environ["TWILIO_API_KEY"],
    os.environ["TWILIO_API_SECRET"],
    os.environ["TWILIO_ACCOUNT_SID"],
)
