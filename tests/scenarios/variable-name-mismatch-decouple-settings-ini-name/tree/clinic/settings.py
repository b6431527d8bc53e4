from pathlib import Path

from decouple import Csv, config

BASE_DIR = Path(__file__).resolve().parent.parent
DEBUG = config("DEBUG", default=False, cast=bool)
SECRET_KEY = config("SECRET_KEY")
ALLOWED_HOSTS = config("ALLOWED_HOSTS", cast=Csv())
ROOT_URLCONF = "clinic.urls"
INSTALLED_APPS = ["django.contrib.contenttypes", "appointments"]

# SMS reminders (see appointments/tasks.py)
TWILIO_ACCOUNT_SID = config("TWILIO_ACCOUNT_SID")
TWILIO_AUTH_TOKEN = config("TWILIO_TOKEN", default="")
TWILIO_CALLER_ID = config("TWILIO_CALLER_ID")
