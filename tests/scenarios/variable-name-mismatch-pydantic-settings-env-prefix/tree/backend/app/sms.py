from twilio.rest import Client

from app.core.config import settings

client = Client(settings.twilio_account_sid, settings.twilio_auth_token)


def remind(to: str, body: str) -> str:
    message = client.messages.create(to=to, from_=settings.twilio_from_number, body=body)
    return message.sid
