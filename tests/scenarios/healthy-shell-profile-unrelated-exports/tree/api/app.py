from dotenv import load_dotenv
from twilio.rest import Client

load_dotenv()
client = Client()
