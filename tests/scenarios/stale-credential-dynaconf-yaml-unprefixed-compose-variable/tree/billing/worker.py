from twilio.rest import Client

from config import settings

client = Client(settings.twilio_account_sid, settings.twilio_auth_token)


def send_invoice(number: str, body: str) -> str:
    return client.messages.create(to=number, from_=settings.invoice_sender, body=body).sid
