import os

from celery import Celery
from twilio.rest import Client

app = Celery("worker", broker=os.environ.get("BROKER_URL", "redis://queue:6379/0"))
client = Client(os.environ["TWILIO_ACCOUNT_SID"], os.environ["TWILIO_AUTH_TOKEN"])


@app.task
def send(to: str, body: str) -> str:
    return client.messages.create(to=to, from_="+15005550006", body=body).sid
