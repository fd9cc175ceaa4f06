"""Run the fake Hub standalone: ``python -m tests.fakehub --port 8765 --models 200``.

It stops by itself after ``--max-seconds`` or ``--max-requests``.
"""

from __future__ import annotations

import argparse
import time

from tests.fakehub.server import FakeHub, add_synthetic_models, load_fixtures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--models", type=int, default=0, help="add N synthetic models")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added per request")
    parser.add_argument("--max-seconds", type=float, default=600)
    parser.add_argument("--max-requests", type=int, default=100_000)
    args = parser.parse_args()
    state = load_fixtures()
    if args.models:
        add_synthetic_models(state, args.models)
    if args.latency:
        state.add_fault(path=".", kind="delay", delay=args.latency)
    hub = FakeHub(state, port=args.port).start()
    print(hub.url, flush=True)
    deadline = time.monotonic() + args.max_seconds
    try:
        while time.monotonic() < deadline and state.count() < args.max_requests:
            time.sleep(0.1)
    finally:
        hub.stop()


if __name__ == "__main__":
    main()
