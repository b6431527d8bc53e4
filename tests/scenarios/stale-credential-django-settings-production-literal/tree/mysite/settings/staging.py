import environ

from .base import *  # noqa: F403

env = environ.Env()
environ.Env.read_env(BASE_DIR / "deploy" / "staging.env")  # noqa: F405

DEBUG = False
ALLOWED_HOSTS = ["staging.acme.io"]

TWILIO_ACCOUNT_SID = env("TWILIO_ACCOUNT_SID")
TWILIO_AUTH_TOKEN = env("TWILIO_AUTH_TOKEN")
TWILIO_FROM_NUMBER = env("TWILIO_FROM_NUMBER", default="+15005550006")
