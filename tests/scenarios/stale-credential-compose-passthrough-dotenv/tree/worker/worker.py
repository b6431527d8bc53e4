import os

import redis
from twilio.rest import Client

client = Client(os.environ["TWILIO_ACCOUNT_SID"], os.environ["TWILIO_AUTH_TOKEN"])
queue = redis.Redis.from_url(os.environ["REDIS_URL"])

while True:
    _, job = queue.blpop("sms")
    to, body = job.decode().split("|", 1)
    client.messages.create(to=to, from_="+15005550006", body=body)
