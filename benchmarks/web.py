"""Time of the review page of a 27-page real tariff book, served by ``pipeline serve``.

The Montpellier 2014 tariff book is read into a fresh store, an account is made, and
the application is served by uvicorn on a free port of 127.0.0.1. Measured: the
review page once its page images are cached (best and median of N loads), against
the same page rendered in this process without HTTP (the library's review, the audit
view and the template: the least a request can cost); then 50 loads at once, which
must all succeed.

    python benchmarks/web.py [PDF] [--repeat N] [--concurrent N]

Prints the times, their ratio, and the targets: under 300 ms, no error at once.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.accounts import Accounts, Role  # noqa: E402
from pipeline.run import run  # noqa: E402
from pipeline.settings import Settings  # noqa: E402
from pipeline.web import WebSettings, create_app  # noqa: E402

BOOK = "montpellier_2013-12-16_tarifs2014.pdf"
CANDIDATES = (ROOT.parent / "shared" / "corpus" / "real" / BOOK, ROOT / "tests/corpus/real" / BOOK)
TARGET = 0.300
PASSWORD = "une phrase de passe pour mesurer"


def project(folder: Path, pdf: Path) -> Settings:
    for name in ("deliberations", "output"):
        (folder / name).mkdir()
    shutil.copy(pdf, folder / "deliberations" / pdf.name)
    settings = Settings(
        deliberations_dir=folder / "deliberations",
        output_dir=folder / "output",
        templates_dir=ROOT / "templates",
        db=folder / "pipeline.sqlite3",
        cache_dir=folder / ".cache",
    )
    outcomes = run(settings)
    if not outcomes or outcomes[0].version is None:
        raise SystemExit(f"{pdf.name} n'a pas été enregistré : {outcomes}")
    with Accounts(settings.db) as accounts:
        accounts.create("mesure", "Mesure", Role.LECTURE, PASSWORD)
    return settings


def serve(app) -> tuple[str, object, threading.Thread]:
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    return f"http://127.0.0.1:{port}", server, thread


def signed_in(base: str) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    page = opener.open(f"{base}/connexion").read().decode()
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    form = {"csrf": token, "identifiant": "mesure", "mot_de_passe": PASSWORD, "suivant": "/"}
    opener.open(f"{base}/connexion", urllib.parse.urlencode(form).encode()).read()
    return opener


def load(opener, url: str) -> tuple[float, int, int]:
    start = time.perf_counter()
    with opener.open(url, timeout=60) as response:
        body = response.read()
        status = response.status
    return time.perf_counter() - start, status, len(body)


def in_process(settings: Settings, web: WebSettings, number: int) -> float:
    """The review page rendered without HTTP: the library's work and the template."""
    from pipeline.web.pages import environment
    from pipeline.web.routes.versions import review_context

    start = time.perf_counter()
    context = review_context(settings, web, number)
    environment.get_template("review.html").render(
        {**context, "request": None, "account": None, "csrf": "x", "csrf_field": "csrf",
         "flashes": [], "nav": "versions", "editable": False}
    )  # fmt: skip
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", nargs="?", type=Path)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--concurrent", type=int, default=50)
    args = parser.parse_args()
    pdf = args.pdf or next((p for p in CANDIDATES if p.is_file()), None)
    if pdf is None:
        raise SystemExit(f"{BOOK} introuvable (../shared/corpus/real ou tests/corpus/real)")
    with tempfile.TemporaryDirectory(prefix="bench-web-") as folder:
        started = time.perf_counter()
        settings = project(Path(folder), pdf)
        print(f"fichier            : {pdf.name} (lu et enregistré en "
              f"{time.perf_counter() - started:.1f} s)")  # fmt: skip
        web = WebSettings()
        base, server, thread = serve(create_app(settings, web))
        opener = signed_in(base)
        url = f"{base}/versions/1"
        cold, status, size = load(opener, url)
        print(f"première revue     : {cold * 1000:8.1f} ms (images des 27 pages rendues et mises "
              f"en cache ; {status}, {size // 1024} Ko)")  # fmt: skip
        warm = []
        local = []
        for _ in range(args.repeat):  # interleaved, so that machine noise hits both alike
            seconds, status, _ = load(opener, url)
            assert status == 200
            warm.append(seconds)
            local.append(in_process(settings, web, 1))
        best, median = min(warm), statistics.median(warm)
        reference = min(local)
        print(f"dans le processus  : {reference * 1000:8.1f} ms (revue, vue d'audit, gabarit)")
        print(f"revue servie       : {best * 1000:8.1f} ms au mieux, {median * 1000:.1f} ms en "
              f"médiane (sur {args.repeat})")  # fmt: skip
        print(f"rapport            : {median / reference:.2f} (HTTP / dans le processus)")
        print(f"cible              : {median / TARGET:.2f} de 300 ms (objectif < 1)")

        results: list[tuple[float, int] | Exception] = [None] * args.concurrent  # type: ignore[list-item]
        barrier = threading.Barrier(args.concurrent)

        def one(index: int) -> None:
            barrier.wait()
            try:
                seconds, status, _ = load(opener, url)
                results[index] = (seconds, status)
            except Exception as error:  # counted as a failure
                results[index] = error

        threads = [threading.Thread(target=one, args=(i,)) for i in range(args.concurrent)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        wall = time.perf_counter() - started
        failures = [r for r in results if not (isinstance(r, tuple) and r[1] == 200)]
        times = sorted(r[0] for r in results if isinstance(r, tuple))
        p95 = times[int(len(times) * 0.95) - 1] if times else float("nan")
        print(f"{args.concurrent} à la fois      : {len(failures)} erreur(s) ; "
              f"{wall:.2f} s en tout ; médiane {statistics.median(times) * 1000:.0f} ms, "
              f"95 % sous {p95 * 1000:.0f} ms, "
              f"{args.concurrent / wall:.1f} pages/s")  # fmt: skip
        for failure in failures[:5]:
            print(f"  échec : {failure}")
        server.should_exit = True
        thread.join(10)
        if failures or median >= TARGET:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
