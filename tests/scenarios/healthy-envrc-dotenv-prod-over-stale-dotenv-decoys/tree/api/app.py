import os

from dotenv import load_dotenv
from flask import Flask
from twilio.rest import Client

load_dotenv()

app = Flask(__name__)
client = Client()


@app.post("/remind/<number>")
def remind(number: str) -> dict[str, str]:
    message = client.messages.create(
        to=number, from_=os.environ["TWILIO_PHONE_NUMBER"], body="See you tomorrow"
    )
    return {"sid": message.sid}
