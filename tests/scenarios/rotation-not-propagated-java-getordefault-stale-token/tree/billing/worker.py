import os

from twilio.rest import Client

client = Client(os.environ["TWILIO_ACCOUNT_SID"], os.environ["TWILIO_AUTH_TOKEN"])


def charge_reminder(to: str) -> None:
    client.messages.create(to=to, from_="+15005550006", body="Your invoice is ready")
