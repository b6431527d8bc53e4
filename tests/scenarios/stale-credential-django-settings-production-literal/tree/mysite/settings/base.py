from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "notifications",
]
ROOT_URLCONF = "mysite.urls"
USE_TZ = True
