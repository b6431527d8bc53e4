"""The Twilio client constructors of each SDK, and which argument fills which slot.

Read from the SDKs' own sources, not their READMEs:

* twilio-python ``Client(username, password, account_sid, region, http_client, environment,
  edge, user_agent_extensions)``; a missing username/password/region/edge is read from
  ``TWILIO_ACCOUNT_SID``/``TWILIO_AUTH_TOKEN``/``TWILIO_REGION``/``TWILIO_EDGE``, and
  ``account_sid`` defaults to the username (``twilio/base/client_base.py``).
* twilio-node ``twilio(username, password, {accountSid, region, edge})`` or ``new
  Twilio(...)``: the same environment defaults, ``accountSid`` defaults to the username, and
  since 4.x an ``SK…`` account SID throws "accountSid must start with AC"
  (``src/base/BaseTwilio.ts``).
* twilio-php ``new Client($username, $password, $accountSid, $region, $httpClient,
  $environment)``, the same four environment names read through ``getenv()``
  (``src/Twilio/Base/BaseClient.php``); twilio-ruby ``Twilio::REST::Client.new(username, password, account_sid,
  region)``; twilio-java ``Twilio.init(username, password[, accountSid])`` and ``new
  TwilioRestClient.Builder(username, password).accountSid(…)``; twilio-csharp
  ``TwilioClient.Init(username, password[, accountSid])`` and ``new TwilioRestClient(username,
  password, accountSid, region, httpClient, edge)``; twilio-go
  ``NewRestClientWithParams(&ClientParams{Username, Password, AccountSid})`` (read at the
  ``ClientParams`` literal) and ``NewRestClient()`` (environment). In every one the account SID defaults to the username,
  which is why an API key passed alone lands in the account slot of the URL.
* Twilio Functions: ``context.getTwilioClient(opts)`` is twilio-node called with the service's
  ``ACCOUNT_SID`` and ``AUTH_TOKEN`` variables and ``{lazyLoading: true, ...opts}``
  (``constructContext`` in twilio-labs' ``runtime-handler``; the hosted runtime fills both when
  "Add my Twilio Credentials" is on, ``twilio-run start`` from the project's ``.env``).

Region and edge: twilio-go's request handler starts from ``TWILIO_REGION``/``TWILIO_EDGE``
and ``RestClient.SetRegion``/``SetEdge`` replace them (``client/request_handler.go``; a region
without an edge builds ``api.{region}.twilio.com``); twilio-java's ``Twilio`` and
``TwilioRestClient.Builder`` read the same two variables, replaced by the static
``Twilio.setRegion``/``setEdge`` or the builder's ``.region()``/``.edge()``; twilio-csharp has
the static ``TwilioClient.SetRegion``/``SetEdge``; twilio-php ``$client->setRegion``/
``setEdge``. :data:`SETTERS` lists those calls. twilio-python, -node and -ruby document
``client.region = 'au1'`` and ``client.edge = 'sydney'`` after construction
(:data:`ATTRIBUTE_SETTERS`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

USERNAME = "username"
PASSWORD = "password"
ACCOUNT = "account_sid"
REGION = "region"
EDGE = "edge"


@dataclass(frozen=True)
class Sdk:
    """One constructor: how its callee is written, its positional slots and keyword names."""

    reader: str
    callee: re.Pattern[str]
    positional: tuple[str, ...]
    keywords: dict[str, str]
    env_defaults: dict[str, str]
    needs: str = ""  # text the file must also hold (an import) for a generic callee name


_ENV = {
    USERNAME: "TWILIO_ACCOUNT_SID",
    PASSWORD: "TWILIO_AUTH_TOKEN",
    REGION: "TWILIO_REGION",
    EDGE: "TWILIO_EDGE",
}
_CAMEL = {"username": USERNAME, "password": PASSWORD, "accountSid": ACCOUNT}
_CAMEL |= {"region": REGION, "edge": EDGE}
_SNAKE = {"username": USERNAME, "password": PASSWORD, "account_sid": ACCOUNT}
_SNAKE |= {"region": REGION, "edge": EDGE}
_GO = {"Username": USERNAME, "Password": PASSWORD, "AccountSid": ACCOUNT}
_PLACEMENT = {REGION: "TWILIO_REGION", EDGE: "TWILIO_EDGE"}
_GO_ENV = {USERNAME: "TWILIO_ACCOUNT_SID", PASSWORD: "TWILIO_AUTH_TOKEN"} | _PLACEMENT
#: the reader named for a client the Twilio Functions runtime builds
FUNCTIONS_READER = "twilio functions context.getTwilioClient()"

SDKS: dict[str, tuple[Sdk, ...]] = {
    "python": (
        Sdk(
            "twilio-python",
            re.compile(r"^(?:twilio\.rest\.)?Client$"),
            (USERNAME, PASSWORD, ACCOUNT, REGION, "http_client", "environment", EDGE),
            _SNAKE,
            _ENV,
            needs="twilio",
        ),
    ),
    "javascript": (
        Sdk(
            "twilio-node",
            re.compile(
                r"""^(?:new\s+)?(?:require\(\s*['"]twilio['"]\s*\)|twilio|Twilio)(?:\.Twilio)?$"""
            ),
            (USERNAME, PASSWORD, "options"),
            _CAMEL,
            _ENV,
        ),
        Sdk(
            FUNCTIONS_READER,
            re.compile(r"^(?:context|ctx)\.getTwilioClient$"),
            ("options",),
            _CAMEL,
            {USERNAME: "ACCOUNT_SID", PASSWORD: "AUTH_TOKEN"},
            needs="handler",
        ),
    ),
    "php": (
        Sdk(
            "twilio-php",
            re.compile(r"^new\s+\\?(?:Twilio\\Rest\\)?Client$"),
            (USERNAME, PASSWORD, ACCOUNT, REGION, "httpClient", "environment"),
            _CAMEL,
            _ENV,  # getArg(): username, password, region from getenv(); the edge always
            needs="Twilio",
        ),
    ),
    "ruby": (
        Sdk(
            "twilio-ruby",
            re.compile(r"^(?:::)?Twilio::REST::Client\.new$"),
            (USERNAME, PASSWORD, ACCOUNT, REGION),
            _SNAKE,
            {},
        ),
    ),
    "java": (
        Sdk(
            "twilio-java",
            re.compile(r"^Twilio\.init$"),
            (USERNAME, PASSWORD, ACCOUNT),
            {},
            _PLACEMENT,
        ),
        Sdk(
            "twilio-java",
            re.compile(r"^(?:new\s+)?TwilioRestClient\.Builder$"),
            (USERNAME, PASSWORD),
            {},
            _PLACEMENT,
        ),
    ),
    "csharp": (
        Sdk(
            "twilio-csharp",
            re.compile(r"^TwilioClient\.Init$"),
            (USERNAME, PASSWORD, ACCOUNT),
            _CAMEL,
            {},
        ),
        Sdk(
            "twilio-csharp",
            re.compile(r"^new\s+TwilioRestClient$"),
            (USERNAME, PASSWORD, ACCOUNT, REGION, "httpClient", EDGE),
            _CAMEL,
            {},
        ),
    ),
    "go": (
        Sdk(
            "twilio-go",
            re.compile(r"^&?(?:\w+\.)?ClientParams$"),
            (),
            _GO,
            _GO_ENV,
        ),
        Sdk("twilio-go", re.compile(r"^(?:\w+\.)?NewRestClient$"), (), {}, _GO_ENV),
    ),
}
SDKS["typescript"] = SDKS["tsx"] = SDKS["javascript"]
SDKS["kotlin"] = (
    Sdk(
        "twilio-java", re.compile(r"^Twilio\.init$"), (USERNAME, PASSWORD, ACCOUNT), {}, _PLACEMENT
    ),
    Sdk(
        "twilio-java",
        re.compile(r"^TwilioRestClient\.Builder$"),
        (USERNAME, PASSWORD),
        {},
        _PLACEMENT,
    ),
)
#: twilio-ruby's ``Twilio.configure do |config| … end``: the block's attributes, by slot
#: (``Client#initialize`` takes ``username || Twilio.account_sid`` and so on)
RUBY_CONFIGURE = Sdk("twilio-ruby", re.compile(r"^Twilio\.configure$"), (), {}, {})
RUBY_CONFIG_SLOTS = {"account_sid": USERNAME, "auth_token": PASSWORD, "region": REGION}
RUBY_CONFIG_SLOTS |= {"edge": EDGE}
#: Java/Kotlin builder methods chained after ``TwilioRestClient.Builder(...)``
BUILDER_METHODS = {"accountSid": ACCOUNT, "region": REGION, "edge": EDGE}


@dataclass(frozen=True)
class Setter:
    """A call that sets the region or edge of a client already built.

    ``receiver`` None means the call is on the client's own variable (``client.SetRegion``);
    otherwise it names the static class (``Twilio.setRegion``) and the setter applies to the
    file's constructions of ``reader``."""

    pattern: re.Pattern[str]  # group "recv" (when per client) and group "what" (Region/Edge)
    reader: str
    static: bool = False


SETTERS: dict[str, tuple[Setter, ...]] = {
    "go": (Setter(re.compile(r"^(?P<recv>\w+)\.Set(?P<what>Region|Edge)$"), "twilio-go"),),
    "java": (Setter(re.compile(r"^Twilio\.set(?P<what>Region|Edge)$"), "twilio-java", True),),
    "kotlin": (Setter(re.compile(r"^Twilio\.set(?P<what>Region|Edge)$"), "twilio-java", True),),
    "csharp": (
        Setter(re.compile(r"^TwilioClient\.Set(?P<what>Region|Edge)$"), "twilio-csharp", True),
    ),
    "php": (
        Setter(re.compile(r"^(?P<recv>\$[\w>-]+?)\s*->\s*set(?P<what>Region|Edge)$"), "twilio-php"),
    ),
}
#: SDKs whose client takes ``client.region = …``/``client.edge = …`` (their READMEs' way)
ATTRIBUTE_SETTERS = {
    "python": "twilio-python",
    "javascript": "twilio-node",
    "typescript": "twilio-node",
    "tsx": "twilio-node",
    "ruby": "twilio-ruby",
}
ATTRIBUTE = re.compile(r"^(?P<recv>[@$]?[\w.]+?)\.(?P<what>region|edge)$")


def sdk_for(language: str, callee: str, text: str) -> Sdk | None:
    """The constructor a callee names in this language, or None."""
    compact = re.sub(r"\s+", " ", callee.strip())
    for sdk in SDKS.get(language, ()):
        if sdk.callee.match(compact) and (not sdk.needs or sdk.needs in text):
            return sdk
    return None
