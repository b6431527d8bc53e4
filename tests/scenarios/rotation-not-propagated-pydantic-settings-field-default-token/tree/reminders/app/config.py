from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TWILIO_")

    account_sid: str
    # TODO move to the secret store; default keeps `make dev` working
    auth_token: str = "{{token:prod}}"
    from_number: str = "+15005550006"


twilio = Settings()
