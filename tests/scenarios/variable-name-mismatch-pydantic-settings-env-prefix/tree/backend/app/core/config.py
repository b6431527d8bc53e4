from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="APP_", env_file="../.env", env_ignore_empty=True, extra="ignore"
    )

    project_name: str = "Appointments"
    database_url: str
    secret_key: str

    twilio_account_sid: str = ""
    twilio_auth_token: str = ""
    twilio_from_number: str = "+15005550006"


settings = Settings()
