"""``python -m geo fetch``: RSS/Atom feeds and article pages into report files."""

from __future__ import annotations

import argparse
from pathlib import Path

from geo.build import DEFAULT_REPORTS
from geo.http_client import HOST_INTERVAL, TIMEOUT


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "fetch", help="fetch RSS/Atom feeds and article pages into report files",
        description="Fetch feeds (every entry's article) and article pages into .md reports "
        "with outlet, date, title and url. A URL fetched before is skipped; a failing "
        "source is reported and the others go on (exit status 1 if any failed). Online.",
    )
    parser.add_argument("urls", nargs="*", metavar="FEED_OR_PAGE_URL")
    parser.add_argument("--into", type=Path, default=DEFAULT_REPORTS,
                        help=f"the reports folder to write to (default: {DEFAULT_REPORTS})")
    parser.add_argument("--feeds", type=Path, default=None,
                        help="also fetch the URLs listed in this file (one a line)")
    parser.add_argument("--timeout", type=float, default=TIMEOUT,
                        help=f"seconds to wait for a server (default: {TIMEOUT:g})")
    parser.add_argument("--host-interval", type=float, default=HOST_INTERVAL,
                        help="seconds between two requests to one host "
                        f"(default: {HOST_INTERVAL:g})")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from geo.feeds import fetch_sources, read_feed_list
    from geo.http_client import PoliteClient

    urls = list(args.urls) + (read_feed_list(args.feeds) if args.feeds else [])
    if not urls:
        print("error: give feed or page URLs, or --feeds FILE")
        return 2
    client = PoliteClient(timeout=args.timeout, host_interval=args.host_interval)
    results = fetch_sources(urls, args.into, client=client,
                            on_source=lambda result: print(result.line(), flush=True))
    saved = sum(len(r.saved) for r in results)
    failed = [r for r in results if r.failed]
    print(f"{saved} new report(s) in {args.into}; {len(failed)} of {len(results)} source(s) "
          "failed" + ("; rebuild the layer: python -m geo build" if saved else ""))
    return 1 if failed else 0
