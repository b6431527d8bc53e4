"""An offline diagnosis asks nothing of the provider, so it builds no HTTP client at all."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

from sherlock.providers.base import OfflineVerifier

_PROBE = (
    "import sys\n"
    "from sherlock.cli.main import main\n"
    "sys.argv = ['sherlock', 'diagnose', '--offline', '--format', 'json', sys.argv[1]]\n"
    "try:\n"
    "    main()\n"
    "except SystemExit:\n"
    "    pass\n"
    "print('httpx' in sys.modules, file=sys.stderr)\n"
)


def test_an_offline_diagnosis_never_imports_the_http_client(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        "TWILIO_ACCOUNT_SID=AC" + "a" * 32 + "\nTWILIO_AUTH_TOKEN=" + "b" * 32 + "\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", _PROBE, str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert '"credentials"' in run.stdout
    assert run.stderr.strip().splitlines()[-1] == "False"


def test_the_offline_verifier_counts_no_request_and_closes_quietly() -> None:
    async def use() -> int:
        async with OfflineVerifier() as verifier:
            count = verifier.request_count
        await verifier.aclose()
        return count

    assert asyncio.run(use()) == 0
