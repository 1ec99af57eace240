"""Load the demo data of every app that has some (``collegium.<app>.demo.load``).

Safe to run again: each app creates only what is missing and keeps what exists.
"""

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Create the demo data (idempotent: existing data is kept)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            for config in apps.get_app_configs():
                if not config.name.startswith("collegium."):
                    continue
                module_name = f"{config.name}.demo"
                if find_spec(module_name) is None:
                    continue
                import_module(module_name).load(self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
