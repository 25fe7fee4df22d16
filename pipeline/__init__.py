"""Délibérations tarifaires du CDG 62 : lecture, validation, versions, conventions.

The public surface is exactly ``__all__``; everything else is internal.
"""

from pipeline.errors import (
    ApprovalRefused,
    DamagedPdf,
    EncryptedPdf,
    FileMissing,
    InputError,
    NotAPdf,
    OcrUnavailable,
    PipelineError,
    RegistryError,
    StoreError,
    TemplateError,
    TierError,
    VersionNotFound,
)
from pipeline.extract import extract
from pipeline.models import (
    Deliberation,
    Extraction,
    Finding,
    ServiceLine,
    Severity,
    TariffDiff,
    TariffVersion,
    Tier,
    TierKind,
    VersionStatus,
)

__all__ = [
    "ApprovalRefused",
    "DamagedPdf",
    "Deliberation",
    "EncryptedPdf",
    "Extraction",
    "FileMissing",
    "Finding",
    "InputError",
    "NotAPdf",
    "OcrUnavailable",
    "PipelineError",
    "RegistryError",
    "ServiceLine",
    "Severity",
    "StoreError",
    "TariffDiff",
    "TariffVersion",
    "TemplateError",
    "Tier",
    "TierError",
    "TierKind",
    "VersionNotFound",
    "VersionStatus",
    "extract",
]
