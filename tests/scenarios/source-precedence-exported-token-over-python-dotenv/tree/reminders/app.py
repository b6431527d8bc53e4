import os

from dotenv import load_dotenv
from flask import Flask
from twilio.rest import Client

load_dotenv()  # override=False: variables already exported win

app = Flask(__name__)
client = Client()  # reads TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN from os.environ


@app.post("/remind/<number>")
def remind(number: str) -> dict[str, str]:
    message = client.messages.create(
        to=number, from_=os.environ["TWILIO_PHONE_NUMBER"], body="Your appointment is tomorrow"
    )
    return {"sid": message.sid}
