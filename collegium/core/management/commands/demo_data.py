"""Load the demo data of every app that has some (``collegium.<app>.demo.load``).

Safe to run again: each app creates only what is missing and keeps what exists.
``--size large`` then adds the benchmark's data set (``collegium.forums.large_data``,
``bench/README.md``): 100,000 people and a million posts unless ``--users``/``--posts`` say less.
"""

import time
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction


class Command(BaseCommand):
    help = "Create the demo data (idempotent: existing data is kept)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--size",
            choices=["demo", "large"],
            default="demo",
            help="'large' adds the benchmark's data set to the demo data.",
        )
        parser.add_argument("--users", type=int, default=100_000, help="with --size large")
        parser.add_argument("--posts", type=int, default=1_000_000, help="with --size large")
        parser.add_argument("--seed", type=int, default=2026, help="with --size large")

    def handle(
        self, *args: Any, size: str, users: int, posts: int, seed: int, **options: Any
    ) -> None:
        with transaction.atomic():
            for config in apps.get_app_configs():
                if not config.name.startswith("collegium."):
                    continue
                module_name = f"{config.name}.demo"
                if find_spec(module_name) is None:
                    continue
                import_module(module_name).load(self.stdout.write)
        if size == "large":
            from collegium.forums.large_data import load_large

            started = time.monotonic()
            try:
                load_large(self.stdout.write, users=users, posts=posts, seed=seed)
            except ValueError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(f"large data: {time.monotonic() - started:.0f} s")
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
