"""Rebuild the shipped registry data from @etalab/decoupage-administratif's files.

    python pipeline/data/build.py /work/shared/data       # communes-62.json, epci-62.json

reads the two extracts of @etalab/decoupage-administratif 6.0.0 (``communes-62.json``:
COG 2026 and INSEE populations légales, millésime 2023; ``epci-62.json``: the DGCL's
list of EPCI for 2026, whose member populations are the millésime 2022) and writes, in
this folder:

- ``communes-62.json`` and ``epci-62.json``: who is who (codes, names, SIREN, members),
  without any population;
- ``populations-2023.json``: the population municipale of each commune (the package
  has no population totale for this vintage);
- ``populations-2022.json``: the populations municipale and totale of each commune and
  of each EPCI.

One vintage per file, each with its source, licence and the date it came into force:
a figure is never taken from one vintage for another.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGE = "@etalab/decoupage-administratif 6.0.0"
LICENCE = "Licence Ouverte / Open Licence 2.0 (Etalab) ; code du paquet : MIT"


def _write(name: str, data: object) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
    (HERE / name).write_text(text, encoding="utf-8")


def build(source: Path) -> None:
    communes = json.loads((source / "communes-62.json").read_text(encoding="utf-8"))
    epcis = json.loads((source / "epci-62.json").read_text(encoding="utf-8"))

    _write(
        "communes-62.json",
        [{k: v for k, v in row.items() if k != "population"} for row in communes],
    )
    _write(
        "epci-62.json",
        [
            {
                **{k: v for k, v in row.items() if not k.startswith("population")},
                "membres": [
                    {k: v for k, v in m.items() if not k.startswith("population")}
                    for m in row["membres"]
                ],
            }
            for row in epcis
        ],
    )
    _write(
        "populations-2023.json",
        {
            "millesime": 2023,
            "en_vigueur_le": "2026-01-01",
            "source": "INSEE, populations légales millésime 2023 (populations municipales), "
            f"via {PACKAGE} (data/communes.json)",
            "licence": LICENCE,
            "chiffres": ["municipale"],
            "absents": "population totale : non diffusée par la source utilisée",
            "communes": {
                row["code"]: {"municipale": row["population"]}
                for row in communes
                if row.get("population") is not None
            },
            "epci": {},
        },
    )
    members = {m["code"]: m for row in epcis for m in row["membres"] if m["code"].startswith("62")}
    _write(
        "populations-2022.json",
        {
            "millesime": 2022,
            "en_vigueur_le": "2025-01-01",
            "source": "INSEE, populations légales millésime 2022, telles que la DGCL les donne "
            "dans la liste et composition des EPCI à fiscalité propre 2026 (epcicom2026), "
            f"via {PACKAGE} (data/epci.json)",
            "licence": LICENCE,
            "chiffres": ["municipale", "totale"],
            "absents": "",
            "communes": {
                code: {
                    "municipale": m["populationMunicipale"],
                    "totale": m["populationTotale"],
                }
                for code, m in sorted(members.items())
            },
            "epci": {
                row["code"]: {
                    "municipale": row["populationMunicipale"],
                    "totale": row["populationTotale"],
                }
                for row in epcis
            },
        },
    )


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data"))
    print(f"Données écrites dans {HERE}", file=sys.stderr)
