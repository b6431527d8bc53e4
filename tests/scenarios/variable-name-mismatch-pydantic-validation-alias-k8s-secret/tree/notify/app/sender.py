from twilio.rest import Client

from app.settings import settings


def send(to: str, body: str) -> str:
    client = Client(settings.twilio_account_sid, settings.twilio_auth_token)
    message = client.messages.create(
        to=to, messaging_service_sid=settings.twilio_messaging_service_sid, body=body
    )
    return message.sid
