from dynaconf import Dynaconf

settings = Dynaconf(
    envvar_prefix="BILLING",
    settings_files=["settings.yaml", ".secrets.yaml"],
    environments=True,
)
