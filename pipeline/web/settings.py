"""The web application's own settings, read from ``PIPELINE_WEB_…`` variables.

Where the store, the drop folder and the output are stays in
:class:`pipeline.settings.Settings`, shared with the command line.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class WebSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PIPELINE_WEB_", frozen=True)

    host: str = Field("127.0.0.1", description="adresse d'écoute (locale par défaut)")
    port: int = Field(8000, ge=1, le=65535, description="port d'écoute")
    https: bool = Field(
        False,
        description="servie en https (directement ou derrière un proxy) : cookies « Secure »",
    )
    session_hours: float = Field(
        10.0, gt=0, description="durée d'une session sans activité, en heures"
    )
    max_upload_mb: int = Field(100, ge=1, description="taille au plus d'un envoi de fichiers")
    page_resolution: int = Field(
        110, ge=50, le=300, description="points par pouce des images de pages de la revue"
    )
    secret_file: Path | None = Field(
        None,
        description="clé qui signe les cookies de session (par défaut .pipeline-web-secret "
        "dans le dossier de la base, créé au premier lancement)",
    )
    sign_in_attempts: int = Field(
        5, ge=1, description="essais de connexion manqués avant une attente d'une minute"
    )
