from flask import Flask
from twilio.rest import Client

from config import settings


def create_app() -> Flask:
    app = Flask(__name__)
    app.extensions["twilio"] = Client(settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN)
    return app
