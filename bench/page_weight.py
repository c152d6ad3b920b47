#!/usr/bin/env python3
"""What each page costs a phone on its first visit: every byte the browser must fetch.

The script builds the app in-process on a throwaway SQLite file, creates a workshop and asks
for each audience's page as Chrome does over plain HTTP (`Accept-Encoding: gzip, deflate`).
It then follows what the browser would fetch before the page works: stylesheets, classic
scripts, module scripts with their static `import`s (through the page's import map, if it has
one) and the socket.io client. For each file it prints the bytes as stored, the bytes the
server actually sends with that header, and gzip -9 of the stored bytes (a figure that does
not depend on the server's compression settings). Nothing is timed: weight is what a slow
rural link pays for.

    .venv/bin/python bench/page_weight.py                 # phone, console and projector
    .venv/bin/python bench/page_weight.py --page phone    # one page
    .venv/bin/python bench/page_weight.py --json out.json
"""

import argparse
import gzip
import json
import re
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workshop import create_app  # noqa: E402

CHROME_HTTP = {"Accept-Encoding": "gzip, deflate", "Accept-Language": "es-419,es;q=0.9"}
IMPORT = re.compile(r"""(?:^|[;\s])import\s*(?:[\w*{}\s,]+from\s*)?['"]([^'"]+)['"]""", re.M)


class PageAssets(HTMLParser):
    """The stylesheets, scripts and import map one HTML page asks the browser to load."""

    def __init__(self) -> None:
        super().__init__()
        self.styles: list[str] = []
        self.scripts: list[str] = []
        self.modules: list[str] = []
        self.import_map: dict[str, str] = {}
        self._in_import_map = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "stylesheet" and a.get("href"):
            self.styles.append(a["href"])  # type: ignore[arg-type]
        elif tag == "script" and a.get("type") == "importmap":
            self._in_import_map = True
        elif tag == "script" and a.get("src"):
            target = self.modules if a.get("type") == "module" else self.scripts
            target.append(a["src"])  # type: ignore[arg-type]

    def handle_endtag(self, tag: str) -> None:
        self._in_import_map = False

    def handle_data(self, data: str) -> None:
        if self._in_import_map and data.strip():
            self.import_map.update(json.loads(data).get("imports", {}))


def fetch(client, url: str) -> dict:
    response = client.get(url, headers=CHROME_HTTP)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    sent = response.get_data()
    body = sent
    encoding = response.headers.get("Content-Encoding")
    if encoding == "gzip":
        body = gzip.decompress(sent)
    elif encoding == "deflate":
        import zlib

        body = zlib.decompress(sent)
    elif encoding:
        raise SystemExit(f"{url}: unexpected Content-Encoding {encoding}")
    return {
        "url": url,
        "stored": len(body),
        "sent": len(sent),
        "gzip9": len(gzip.compress(body, 9)),
        "body": body,
    }


def resolve(specifier: str, base: str, import_map: dict[str, str]) -> str:
    url = urljoin(base, specifier)
    path = urlsplit(url).path
    return import_map.get(path, import_map.get(url, url))


def page_weight(client, url: str) -> list[dict]:
    """Every file the page needs before it works, the HTML first."""
    html = fetch(client, url)
    parser = PageAssets()
    parser.feed(html["body"].decode())
    files = [html]
    seen = {url}
    for asset in parser.styles + parser.scripts:
        if asset not in seen:
            seen.add(asset)
            files.append(fetch(client, asset))
    queue = [resolve(m, url, parser.import_map) for m in parser.modules]
    while queue:
        module = queue.pop(0)
        if module in seen:
            continue
        seen.add(module)
        fetched = fetch(client, module)
        files.append(fetched)
        for specifier in IMPORT.findall(fetched["body"].decode()):
            queue.append(resolve(specifier, module, parser.import_map))
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", choices=("phone", "console", "screen"), action="append")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    pages = args.page or ["phone", "console", "screen"]

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/weight.db"})
        with app.app_context():
            from flask_migrate import upgrade

            upgrade()
        client = app.test_client()
        created = client.post(
            "/api/workshops",
            json={"title": "Presupuesto participativo 2027", "municipality": "San José"},
        ).get_json()
        code = created["code"]
        urls = {"phone": f"/j/{code}", "console": f"/f/{code}", "screen": f"/s/{code}"}
        report = {}
        for page in pages:
            files = page_weight(client, urls[page])
            report[page] = files
            print(f"\n{page}: {urls[page].replace(code, '<code>')}")
            print(f"  {'file':<44} {'stored':>9} {'sent':>9} {'gzip -9':>9}")
            for f in files:
                name = urlsplit(f["url"]).path.replace(code, "<code>")
                print(f"  {name:<44} {f['stored']:>9,} {f['sent']:>9,} {f['gzip9']:>9,}")
            totals = {k: sum(f[k] for f in files) for k in ("stored", "sent", "gzip9")}
            print(
                f"  {'total (' + str(len(files)) + ' requests)':<44} "
                f"{totals['stored']:>9,} {totals['sent']:>9,} {totals['gzip9']:>9,}"
            )
            if page == "phone":
                # Once the page works: its service worker, which then keeps the page itself
                # (fetched once more) and its files (already in the browser's cache).
                later = [fetch(client, "/j/sw.js"), fetch(client, urls[page])]
                print("  after it works, once, for a reload with no signal:")
                for f in later:
                    name = urlsplit(f["url"]).path.replace(code, "<code>")
                    print(f"  {name:<44} {f['stored']:>9,} {f['sent']:>9,} {f['gzip9']:>9,}")
        if args.json:
            Path(args.json).write_text(
                json.dumps(
                    {
                        page: [{k: v for k, v in f.items() if k != "body"} for f in files]
                        for page, files in report.items()
                    },
                    indent=2,
                )
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
