from pydantic_settings import BaseSettings, SettingsConfigDict


class TwilioSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TWILIO_")

    account_sid: str
    auth_token: str
    from_number: str = "+15005550006"


twilio_settings = TwilioSettings()
