from .base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["acme.io", "www.acme.io"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "db.prod.internal",
        "NAME": "acme",
    }
}
TWILIO_ACCOUNT_SID = "{{sid:prod}}"
TWILIO_AUTH_TOKEN = "{{token:prod}}"
TWILIO_FROM_NUMBER = "+15005550006"
