"""Run the web server and the task worker together in the foreground (``make run``).

Ctrl-C (or SIGTERM) stops both; if either dies, the other is stopped too and the command exits
with an error, so a half-running platform never goes unnoticed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from collegium.accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Start gunicorn (2 workers) and the huey consumer; stop both on Ctrl-C."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--workers", default=os.environ.get("WEB_CONCURRENCY", "2"))

    def handle(self, *args: Any, host: str, port: str, workers: str, **options: Any) -> None:
        python = sys.executable
        web = [
            python, "-m", "gunicorn", "config.wsgi:application",
            "--bind", f"{host}:{port}",
            "--workers", workers,
            "--access-logfile", "-",
            "--graceful-timeout", "5",
        ]  # fmt: skip
        worker = [python, "manage.py", "run_huey"]
        processes = {"web server": subprocess.Popen(web), "task worker": subprocess.Popen(worker)}
        self._print_banner(host, port)

        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        exit_code = 0
        while not stopping:
            for name, process in processes.items():
                if process.poll() is not None:
                    self.stderr.write(f"The {name} stopped (exit {process.returncode}).")
                    exit_code = process.returncode or 1
                    stopping = True
            time.sleep(0.3)
        for process in processes.values():
            if process.poll() is None:
                process.terminate()
        for process in processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        self.stdout.write("Stopped.")
        if exit_code:
            sys.exit(exit_code)

    def _print_banner(self, host: str, port: str) -> None:
        url = f"http://{host}:{port}/"
        lines = [
            "",
            f"{settings.COLLEGIUM['SITE_NAME']} is running on {url}",
            f"Data folder: {settings.DATA_DIR}",
            f"Mail sent by the platform: {url}dev/mail/" if settings.DEBUG else "",
            "",
            f"Demo sign-ins (password for all: {DEMO_PASSWORD}):",
            *(f"  {a.email:<26} {a.staff_role or a.user_type}" for a in DEMO_ACCOUNTS),
            "",
            "Press Ctrl-C to stop.",
            "",
        ]
        self.stdout.write("\n".join(line for line in lines if line is not None))
