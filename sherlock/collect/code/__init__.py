"""Reading application source for the code that builds a Twilio client (see :mod:`.collector`)."""

from sherlock.collect.code.collector import CodeCollector, is_decoy_source

__all__ = ["CodeCollector", "is_decoy_source"]
