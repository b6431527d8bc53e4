import os

from dotenv import load_dotenv
from twilio.rest import Client

load_dotenv()

ACCOUNT_SID = os.environ["TWILIO_ACCOUNT_SID"]
AUTH_TOKEN = os.getenv("TWILIO_AUTH_TOKEN", "{{token:prod:old}}")

client = Client(ACCOUNT_SID, AUTH_TOKEN)


def send(to: str, body: str) -> str:
    message = client.messages.create(to=to, from_=os.environ["SMS_FROM"], body=body)
    return message.sid
