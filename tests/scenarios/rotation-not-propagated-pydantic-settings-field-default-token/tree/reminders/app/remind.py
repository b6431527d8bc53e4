from twilio.rest import Client

from app.config import twilio

client = Client(twilio.account_sid, twilio.auth_token)


def remind(to: str) -> str:
    return client.messages.create(to=to, from_=twilio.from_number, body="See you tomorrow").sid
