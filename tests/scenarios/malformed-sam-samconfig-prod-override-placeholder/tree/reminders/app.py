import os

from twilio.rest import Client

client = Client(os.environ["TWILIO_ACCOUNT_SID"], os.environ["TWILIO_AUTH_TOKEN"])


def handler(event, context):
    client.messages.create(to="+15005550006", from_="+15005550006", body="Reminder")
