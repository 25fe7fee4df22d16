"""One LibreOffice kept running, converting DOCX to PDF on request: run by LibreOffice's Python.

Not imported by the pipeline: :mod:`pipeline.render.office` runs this file with a Python
that has LibreOffice's UNO bridge (``import uno``: Debian's ``python3-uno`` is for the
system's ``/usr/bin/python3``), so it uses the standard library and ``uno`` only::

    python3 office_worker.py --office /usr/lib/libreoffice/program/soffice.bin \\
        --profile file:///tmp/…/profile-1 --pipe pipeline-123-1-ab12cd

It starts the office (its own user profile, listening on a private named pipe),
writes ``{"ready": true, "pid": …}`` on stdout, then reads one request a line on
stdin, ``{"docx": "/abs/in.docx", "pdf": "/abs/out.pdf"}``, and answers each with
one line: ``{"ok": true}``, or ``{"error": "…"}`` (the document could not be read
or written: the next one is converted all the same), or ``{"error": "…", "dead":
true}`` (the office itself is gone: this process exits, the caller starts another).

It stops when stdin closes (the caller is done or gone), on SIGTERM, or when the office
dies; the office goes with it (and is killed by the kernel should this process die
first). Both run in the process group the caller gave them, which the caller kills as
a last resort.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import signal
import subprocess
import sys
import time

WORD = "MS Word 2007 XML"
"""LibreOffice's import filter for .docx files."""
RESTART = 81
"""Exit code of an office that created its profile and asks to be started again."""
START_SECONDS = 60.0
STOP_SECONDS = 5.0
PR_SET_PDEATHSIG = 1


class Gone(Exception):
    """The office stopped answering."""


def _die_with_parent() -> None:
    """In the office's process, before it runs: killed when this process dies."""
    # not Linux (no prctl): the caller's kill of the process group remains
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def _property(name, value):
    from com.sun.star.beans import PropertyValue

    item = PropertyValue()
    item.Name, item.Value = name, value
    return item


def _start(office: str, profile: str, pipe: str):
    """(the office's process, its desktop), the office started afresh if it restarts."""
    import uno
    from com.sun.star.connection import NoConnectException

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    url = f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext"
    command = [
        office,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--invisible",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        "--nofirststartwizard",
        f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
    ]
    deadline = time.monotonic() + START_SECONDS
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=sys.stderr, preexec_fn=_die_with_parent
    )
    while time.monotonic() < deadline:
        try:
            context = resolver.resolve(url)
        except NoConnectException:
            code = process.poll()
            if code == RESTART:  # the first start made the profile
                process = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=sys.stderr,
                    preexec_fn=_die_with_parent,
                )
            elif code is not None:
                raise Gone(f"LibreOffice s'est arrêté au démarrage (code {code})") from None
            time.sleep(0.05)
            continue
        manager = context.ServiceManager
        return process, manager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    process.kill()
    raise Gone(f"LibreOffice n'a pas démarré en {START_SECONDS:g} secondes")


def _convert(desktop, docx: str, pdf: str) -> None:
    import uno

    document = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(docx),
        "_blank",
        0,
        (
            _property("Hidden", True),
            _property("ReadOnly", True),
            _property("FilterName", WORD),  # anything else is refused, not read as text
        ),
    )
    if document is None:
        raise ValueError("document illisible")
    try:
        document.storeToURL(
            uno.systemPathToFileUrl(pdf), (_property("FilterName", "writer_pdf_Export"),)
        )
    finally:
        document.close(True)


def _reply(message: dict) -> None:
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _serve(desktop, process) -> None:
    from com.sun.star.lang import DisposedException
    from com.sun.star.uno import Exception as UnoException
    from com.sun.star.uno import RuntimeException

    for line in sys.stdin:
        request = json.loads(line)
        try:
            _convert(desktop, request["docx"], request["pdf"])
        except (DisposedException, RuntimeException) as error:
            if process.poll() is not None or isinstance(error, DisposedException):
                _reply({"error": f"LibreOffice s'est arrêté ({error.Message})", "dead": True})
                return
            _reply({"error": error.Message or type(error).__name__})
        except UnoException as error:
            _reply({"error": error.Message or type(error).__name__})
        except (ValueError, OSError) as error:
            _reply({"error": str(error)})
        else:
            _reply({"ok": True})


def _stop(desktop, process) -> None:
    if process is None or process.poll() is not None:
        return
    try:
        if desktop is not None:
            desktop.terminate()
        process.wait(STOP_SECONDS)
    except Exception:  # the office is stuck or the bridge broken: it is killed
        process.kill()
        process.wait()


def _terminated(number, frame) -> None:
    raise SystemExit(0)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--office", required=True)
    parser.add_argument("--profile", required=True)
    parser.add_argument("--pipe", required=True)
    options = parser.parse_args()
    signal.signal(signal.SIGTERM, _terminated)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the caller decides when to stop
    process = desktop = None
    try:
        try:
            import uno  # noqa: F401
        except ImportError as error:
            _reply({"error": f"module uno absent ({error})", "dead": True})
            return 3
        try:
            process, desktop = _start(options.office, options.profile, options.pipe)
        except Gone as error:
            _reply({"error": str(error), "dead": True})
            return 1
        _reply({"ready": True, "pid": process.pid})
        _serve(desktop, process)
        return 0
    except BrokenPipeError:  # the caller is gone
        return 0
    finally:
        _stop(desktop, process)


if __name__ == "__main__":
    sys.exit(main())
