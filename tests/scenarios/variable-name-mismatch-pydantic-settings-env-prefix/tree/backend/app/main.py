from fastapi import FastAPI

from app.sms import remind

app = FastAPI()


@app.post("/reminders/{number}")
def send(number: str) -> dict[str, str]:
    return {"sid": remind(number, "Your appointment is tomorrow")}
