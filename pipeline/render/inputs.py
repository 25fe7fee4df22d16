"""What a collectivité's documents are made from, hashed: whether they must be written again.

A document is a function of its template, the version it shows (corrections and
accepted devis applied), the collectivité's placement in the tiers (its registry row,
the figure chosen, its tier), the parties' settings, the population rule, and the code
that turns them into a context and renders it. :class:`Inputs` hashes these, so that
a collectivité whose inputs have not changed is recognised without building its
context::

    inputs = Inputs(templates, parties, rule)
    inputs.fingerprint(version, placement)   # the same inputs give the same digest

The code is hashed by its source (the modules of :data:`CODE_MODULES`) and the
versions of the libraries that render: an update of either writes the documents again.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import importlib.util
from collections.abc import Mapping
from pathlib import Path

from pydantic import TypeAdapter

from pipeline.models import TariffVersion
from pipeline.parties import Parties
from pipeline.registry.populations import PopulationRule
from pipeline.registry.tiers import Placement
from pipeline.render.engine import FastTemplate

CODE_MODULES = (
    "pipeline.french",
    "pipeline.render.assemble",
    "pipeline.render.context",
    "pipeline.render.engine",
    "pipeline.render.typography",
    "pipeline.render.variables",
    "pipeline.safe_text",
)
"""The modules that turn a collectivité's inputs into its documents' bytes."""
LIBRARIES = ("docxtpl", "python-docx", "jinja2", "babel", "num2words", "lxml")
"""The libraries whose versions can change the documents' bytes."""

_PLACEMENT = TypeAdapter(Placement)
_RULE = TypeAdapter(PopulationRule)


@functools.cache
def code_digest(modules: tuple[str, ...] = CODE_MODULES) -> str:
    """The digest of the source of ``modules`` (the rendering code by default) and of
    the rendering libraries' versions."""
    digest = hashlib.sha256()
    for name in modules:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        digest.update(name.encode())
        digest.update(Path(origin).read_bytes() if origin else b"?")
    for library in LIBRARIES:
        try:
            version = importlib.metadata.version(library)
        except importlib.metadata.PackageNotFoundError:
            version = "?"
        digest.update(f"{library}={version}".encode())
    return digest.hexdigest()


def hashed(digest: hashlib._Hash, *parts: bytes) -> hashlib._Hash:
    """``digest`` fed with each part, its length first, so that no two different lists
    of parts feed the same bytes."""
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest


class Inputs:
    """The fingerprints of one run's collectivités: what they share is hashed once."""

    def __init__(
        self,
        templates: Mapping[str, FastTemplate],
        parties: Parties,
        rule: PopulationRule,
        *,
        renderer: str = "",
    ) -> None:
        self._shared = hashed(
            hashlib.sha256(),
            renderer.encode(),
            code_digest().encode(),
            *(f"{kind}:{t.sha256}".encode() for kind, t in sorted(templates.items())),
            parties.model_dump_json().encode(),
            _RULE.dump_json(rule),
        ).digest()
        self._versions: dict[int, tuple[TariffVersion, bytes]] = {}

    def fingerprint(self, version: TariffVersion, placement: Placement) -> str:
        """The digest of everything the documents of ``placement`` depend on, made from
        ``version`` (as shown to that collectivité)."""
        return hashed(
            hashlib.sha256(self._shared), self._version(version), _PLACEMENT.dump_json(placement)
        ).hexdigest()

    def _version(self, version: TariffVersion) -> bytes:
        """The version's digest, remembered for the run's own version object (a version
        with a collectivité's accepted devis applied is a new object, hashed anew)."""
        known = self._versions.get(id(version))
        if known is not None and known[0] is version:
            return known[1]
        value = hashlib.sha256(version.model_dump_json().encode()).digest()
        if len(self._versions) < 64:  # the run's version, and a few accepted variants
            self._versions[id(version)] = (version, value)
        return value
