from pydantic import Field
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    """Read once at start-up; every value comes from the pod's environment."""

    twilio_account_sid: str = Field(default="", validation_alias="TWILIO_SID")
    twilio_auth_token: str = Field(default="", validation_alias="TWILIO_TOKEN")
    twilio_messaging_service_sid: str = Field(default="", validation_alias="TWILIO_MSG_SERVICE")
    log_level: str = "INFO"


settings = Settings()
