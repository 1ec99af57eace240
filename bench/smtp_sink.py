"""A local SMTP server that counts what it is handed (aiosmtpd), for bench/notify_fanout.py.

    python bench/smtp_sink.py --port 8025 --count-file /tmp/sink-count

Accepts every message on 127.0.0.1 and keeps nothing but a count, written to ``--count-file``
as "<messages> <seconds since the epoch of the last one>" ten times a second.
"""

from __future__ import annotations

import argparse
import asyncio
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller


class Counter:
    def __init__(self) -> None:
        self.messages = 0
        self.last_at = 0.0

    async def handle_DATA(self, server, session, envelope):
        self.messages += 1
        self.last_at = time.time()
        return "250 Message accepted for delivery"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--count-file", type=Path, required=True)
    args = parser.parse_args()
    counter = Counter()
    controller = Controller(counter, hostname="127.0.0.1", port=args.port)
    controller.start()
    stop = threading.Event()
    try:
        while not stop.wait(0.1):
            args.count_file.write_text(f"{counter.messages} {counter.last_at}")
    except KeyboardInterrupt:
        pass
    finally:
        args.count_file.write_text(f"{counter.messages} {counter.last_at}")
        controller.stop()


if __name__ == "__main__":
    asyncio.set_event_loop_policy(None)
    main()
