"""What readers of a Node project's ``package.json`` share: the file is chosen by name, and
read only when its bytes name what the reader is about (its ``needles``)."""

from __future__ import annotations


class PackageJsonReader:
    """Base of the ``package.json`` readers (twilio-run scripts, framework env modes).

    Only the first reader whose ``matches`` accepts a file gets it (registry order), so a
    reader that finds the file is another's business hands it on from its ``collect``."""

    #: ``wants`` decides from the file name alone (see :mod:`sherlock.collect.selection`)
    by_name = True
    #: lowercase byte strings one of which the file must hold (base.declared_needles)
    needles: tuple[bytes, ...] = ()

    def wants(self, relpath: str) -> bool:
        return relpath.rsplit("/", 1)[-1] == "package.json"

    def matches(self, relpath: str, head: bytes) -> bool:
        lowered = head.lower()
        return self.wants(relpath) and any(needle in lowered for needle in self.needles)
