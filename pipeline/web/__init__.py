"""``pipeline serve``: the web application of the legal staff, on the same library.

Pages (French, server-rendered, usable with the keyboard): the dashboard, the upload
of deliberations, the review of a version with its corrections, the decision, the
collectivités and their conventions, the log. Each route parses the request, calls
the library (:mod:`pipeline.versions`, :mod:`pipeline.run`, :mod:`pipeline.generate`…)
in a worker thread and renders what it returns; nothing is decided here that the
command line would decide otherwise.

    app = create_app(settings, WebSettings())
"""

from pipeline.web.app import create_app
from pipeline.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]
