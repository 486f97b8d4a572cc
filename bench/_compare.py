"""Before and after in one run: the pages of `bench/pages.py` served by two trees at once.

Run from the tree with the change, naming a checkout of the code before it (for
example `git worktree add --detach ../before main`, with `.venv` and `build`
linked from this tree):

    BENCH_ROUNDS=200 DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME \\
        .venv/bin/python bench/_compare.py ../before

It loads the demo data once (SEED=0 to reuse a database that has it), starts one
gunicorn for each tree on the same database, and asks both for every page in the
same shuffled rounds, so a busy machine slows both alike. Each tree's figure is
its page's median CPU per request divided by its own bare page's, as in
`bench/pages.py`. ONLY="page page" measures just those pages. It prints a
Markdown table. The name starts with "_", so `make bench` does not run it.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.core.management import call_command
from django.db import connection

from bench import pages
from bench.pages import BARE_URL, PAGES, ROUNDS, Server, add_bare_rows, session_cookie


def server_for(root: Path) -> Server:
    """A gunicorn serving the tree at `root` (Server starts the one in pages.ROOT)."""
    here = pages.ROOT
    pages.ROOT = root
    try:
        return Server()
    finally:
        pages.ROOT = here


def main(before_root: Path) -> None:
    if os.environ.get("SEED", "1") == "1":
        call_command("migrate", verbosity=0)
        call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        add_bare_rows()
    cookies = {who: session_cookie(who) for who in {p.who for p in PAGES} if who}
    only = set(os.environ.get("ONLY", "").split())
    chosen = [p for p in PAGES if not only or p.label in only]
    targets = [("bare", BARE_URL, "")] + [
        (p.label, p.url(), cookies.get(p.who or "", "")) for p in chosen
    ]
    connection.close()  # the servers have the database to themselves while timed

    servers = {"before": server_for(before_root), "after": server_for(pages.ROOT)}
    try:
        for server in servers.values():
            for _label, url, cookie in targets:  # warm up every cache before timing
                for _ in range(5):
                    server.get(url, cookie)
        times: dict[tuple[str, str], list[float]] = {
            (name, label): [] for name in servers for label, _u, _c in targets
        }
        order = [(name, target) for name in servers for target in targets]
        rng = random.Random(14)  # noqa: S311 (an order of pages, not a secret)
        for _ in range(ROUNDS):
            rng.shuffle(order)
            for name, (label, url, cookie) in order:
                times[(name, label)].append(servers[name].cpu_of_one(url, cookie))
    finally:
        for server in servers.values():
            server.stop()

    bare = {name: statistics.median(times[(name, "bare")]) for name in servers}
    print(
        f"Bare page CPU per request: before {bare['before'] * 1e6:.0f} us, "
        f"after {bare['after'] * 1e6:.0f} us; {ROUNDS} rounds."
    )
    print("| page | limit | before | after |\n|---|---|---|---|")
    for page in chosen:
        before, after = (
            statistics.median(times[(name, page.label)]) / bare[name] for name in servers
        )
        print(f"| {page.label} | {page.limit} | {before:.2f} | {after:.2f} |", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve())
