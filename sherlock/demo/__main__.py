"""`make demo` (and `python -m sherlock.demo`): the same run as `sherlock demo`.

The sample (``deployment/``, three environments, several services) is written to a temporary
folder with fake credentials, the emulator is started on a free loopback port with the
matching accounts (``deployment.yaml``), and the ordinary diagnosis runs over HTTP, exactly
as `sherlock diagnose DIR --twilio-base-url URL` would. The folder is removed at the end,
Ctrl-C included (exit code 130, as a shell reports an interrupted command).
"""

from __future__ import annotations

from rich.console import Console

from sherlock.demo.run import quiet_teardown, run_demo


def main() -> int:
    try:
        return run_demo(Console(highlight=False))
    except KeyboardInterrupt:
        quiet_teardown()
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
