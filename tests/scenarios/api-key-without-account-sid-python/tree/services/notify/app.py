"""Send order notifications by SMS."""

import os

from dotenv import load_dotenv
from twilio.rest import Client

load_dotenv()


client = Client(os.environ["TWILIO_API_KEY"], os.environ["TWILIO_API_SECRET"])


def notify(to: str, body: str) -> str:
    message = client.messages.create(to=to, from_=os.environ["NOTIFY_FROM"], body=body)
    return message.sid
