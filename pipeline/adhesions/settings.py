"""The settings of the adhesions register and of the impact of a new version.

A billing unit is *yearly* as a devis reads it (:mod:`pipeline.devis.units`, words in
:class:`~pipeline.settings.DevisSettings`): only yearly prices make an adherent's
yearly amount; one-off prices are shown apart.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ImpactSettings:
    folder: str = "courriers"
    """The folder of ``Settings.output_dir`` where the letters of a version go."""


IMPACT = ImpactSettings()
