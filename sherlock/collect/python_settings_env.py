"""What the Python settings libraries share: the deployment's variables over their files.

python-decouple (``Config.get`` asks ``os.environ`` before the repository) and dynaconf (its
environment-variable loader runs after every settings file) both let a variable the process is
started with beat the file. So, like Spring Boot's and .NET's runs
(:mod:`sherlock.collect.project_env`), each compose service or workload that starts the
project's folder is a run: the file's entries, then the variables that bind one of its keys,
each tagged with its layer so :func:`sherlock.collect.emit.emit` keeps the file's value as the
winner's shadow. Which variable binds which key is each library's own rule (``bind``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from sherlock.collect.emit import Entry
from sherlock.collect.framework_config import slot_of
from sherlock.collect.project_env import Deployment
from sherlock.collect.vocabulary import mentions_provider

#: variable name -> (the key it fills as written, its canonical form), or None
Binder = Callable[[str], tuple[str, str] | None]


def deployed_entries(deployment: Deployment, bind: Binder) -> list[Entry]:
    """The deployment's variables that fill a key, as entries of the OS environment layer."""
    found: list[Entry] = []
    for entry in deployment.entries:
        bound = bind(entry.name)
        if bound is not None:
            layer = f"OS environment ({entry.layer})" if entry.layer else "OS environment"
            found.append(replace(entry, key=bound[0], layer=layer, slot=bound[1]))
    return found


def unnamed_role(name: str, keys: Sequence[str]) -> bool:
    """Whether ``name`` is a provider's credential variable for a role no file key fills
    (``TWILIO_AUTH_TOKEN`` beside a file that holds only the SID): the code then reads the
    variable itself, so it joins the run."""
    role = slot_of(name)
    if role is None or not mentions_provider(name):
        return False
    return all(slot_of(key) != role for key in keys)
