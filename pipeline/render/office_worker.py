"""DOCX → PDF inside a LibreOffice kept running: a script LibreOffice's own Python runs.

Not imported by the pipeline: :mod:`pipeline.render.office` copies this file into the
office's user profile (``user/Scripts/python``) and starts the office with it::

    soffice.bin -env:UserInstallation=file:///tmp/…/profil-1 --headless … \\
        'vnd.sun.star.script:office_worker.py$serve?language=Python&location=user'

Run in the office's process, a conversion costs no call across a bridge: a sixth less
processor than driving the office from another process. The script uses the standard
library and ``uno`` only.

Two pipes, whose descriptors ``PIPELINE_CONVERTER_FDS`` names (« requests,replies »):
the script writes ``{"ready": true, "pid": …}``, then reads one request a line,
``{"docx": "/abs/in.docx", "pdf": "/abs/out.pdf"}``, and answers each with one line,
``{"ok": true}`` or ``{"error": "…"}`` (the document could not be read or written: the
next one is converted all the same). When the requests pipe closes (the caller is
done, or gone), the office is closed. Should the office die, the replies pipe closes:
the caller starts another.
"""

from __future__ import annotations

import json
import os

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.lang import DisposedException
from com.sun.star.uno import Exception as UnoException
from com.sun.star.uno import RuntimeException

WORD = "MS Word 2007 XML"
"""LibreOffice's import filter for .docx files."""
PDF = "writer_pdf_Export"
FDS = "PIPELINE_CONVERTER_FDS"


def _property(name: str, value: object) -> PropertyValue:
    item = PropertyValue()
    item.Name, item.Value = name, value
    return item


def _convert(desktop, docx: str, pdf: str) -> None:
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
        document.storeToURL(uno.systemPathToFileUrl(pdf), (_property("FilterName", PDF),))
    finally:
        document.close(True)


def _answer(desktop, request: dict) -> dict:
    try:
        _convert(desktop, request["docx"], request["pdf"])
    except (DisposedException, RuntimeException, UnoException) as error:
        return {"error": error.Message or type(error).__name__}
    except (ValueError, KeyError, OSError) as error:
        return {"error": str(error)}
    return {"ok": True}


def serve(*arguments) -> None:
    """Convert what the requests pipe asks until it closes, then close the office."""
    desktop = XSCRIPTCONTEXT.getDesktop()  # noqa: F821  (given by LibreOffice)
    requests, replies = (int(number) for number in os.environ[FDS].split(","))
    try:
        with open(requests, encoding="utf-8") as lines, open(replies, "w") as out:

            def reply(message: dict) -> None:
                out.write(json.dumps(message, ensure_ascii=False) + "\n")
                out.flush()

            reply({"ready": True, "pid": os.getpid()})
            for line in lines:
                try:
                    request = json.loads(line)
                except ValueError as error:
                    reply({"error": f"demande illisible ({error})"})
                    continue
                reply(_answer(desktop, request))
    except BrokenPipeError:  # the caller is gone
        pass
    finally:
        desktop.terminate()


g_exportedScripts = (serve,)
