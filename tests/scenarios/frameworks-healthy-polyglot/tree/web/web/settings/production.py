import os

from .base import *  # noqa: F403

DEBUG = False
TWILIO_ACCOUNT_SID = os.environ["TWILIO_ACCOUNT_SID"]
TWILIO_AUTH_TOKEN = os.environ.get("TWILIO_AUTH_TOKEN")
