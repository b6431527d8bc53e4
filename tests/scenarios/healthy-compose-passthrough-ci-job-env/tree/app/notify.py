import os

from twilio.rest import Client


def client() -> Client:
    return Client(os.environ["TWILIO_ACCOUNT_SID"], os.environ["TWILIO_AUTH_TOKEN"])


def send(to: str, body: str) -> str:
    return client().messages.create(to=to, from_="+15005550006", body=body).sid
