"""Validation against history: what a new deliberation changes in the tariffs in force.

``diff(old, new)`` lists the service lines and tiers added, removed or changed (and,
for a deliberation that sets only part of the annex, :mod:`pipeline.validate.scope`,
those it leaves unchanged); ``complete(old, new)`` gives the whole annex such a
deliberation makes;
``check_against(in_force, new)`` turns what deserves a person's attention into French
findings (``history.*`` codes); ``effective_date(deliberation)`` says from when the
new tariffs apply, and why.

A line is identified by (category, group, label), compared without regard to case,
accents or spacing. When a category or a group is renamed, a line still unmatched is
paired by (group, label), then by (category, label), provided the pairing is
unambiguous on both sides; otherwise it shows as removed and added.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Hashable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from pipeline.french import long_date, money, percent, plural
from pipeline.models import (
    Change,
    Deliberation,
    EffectiveDateSource,
    Extraction,
    Finding,
    LineChange,
    ServiceLine,
    Severity,
    TariffDiff,
    TariffVersion,
    Tier,
    TierChange,
    TierKind,
)
from pipeline.validate.scope import SCOPE_WORDS, Scope, scope_of

PERCENT = Decimal("0.1")

T = TypeVar("T")


# --- Effective date ---------------------------------------------------------------


def effective_date(
    deliberation: Deliberation,
) -> tuple[dt.date | None, EffectiveDateSource]:
    """When the tariffs apply: the later of the stated and the enforceable dates.

    Without a stated date, the date it became enforceable; without either, the
    sitting's date (the best available default). A stated date before the sitting
    cannot make tariffs retroactive: the sitting's date is used instead.
    """
    stated = deliberation.effective_date
    enforceable = deliberation.enforceable_date
    sitting = deliberation.date
    if stated is not None and sitting is not None and stated < sitting:
        stated = None
    if stated is not None:
        if enforceable is not None and enforceable > stated:
            return enforceable, EffectiveDateSource.ENFORCEABLE
        return stated, EffectiveDateSource.STATED
    if enforceable is not None:
        return enforceable, EffectiveDateSource.ENFORCEABLE
    return sitting, EffectiveDateSource.SITTING


# --- Diff ---------------------------------------------------------------------------


def _norm(text: str | None) -> str:
    if text is None:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def _pair(
    old: Sequence[T], new: Sequence[T], keys: Sequence[Callable[[T], Hashable]]
) -> tuple[list[tuple[T, T]], list[T], list[T]]:
    """Pair items key by key; a key pairs only items unique under it on both sides."""
    pairs: list[tuple[T, T]] = []
    old_left, new_left = list(old), list(new)
    for key in keys:
        old_by: dict[Hashable, list[T]] = {}
        new_by: dict[Hashable, list[T]] = {}
        for item in old_left:
            old_by.setdefault(key(item), []).append(item)
        for item in new_left:
            new_by.setdefault(key(item), []).append(item)
        matched_old: set[int] = set()
        matched_new: set[int] = set()
        for k, olds in old_by.items():
            news = new_by.get(k, [])
            if k is None or len(olds) != 1 or len(news) != 1:
                continue
            pairs.append((olds[0], news[0]))
            matched_old.add(id(olds[0]))
            matched_new.add(id(news[0]))
        old_left = [i for i in old_left if id(i) not in matched_old]
        new_left = [i for i in new_left if id(i) not in matched_new]
    return pairs, old_left, new_left


def percent_change(old: Decimal | None, new: Decimal | None) -> Decimal | None:
    """The change in %, to one decimal; None when either is unknown or the old is zero."""
    if old is None or new is None or old == 0:
        return None
    return ((new - old) * 100 / old).quantize(PERCENT, rounding=ROUND_HALF_UP)


_LINE_KEYS: list[Callable[[ServiceLine], Hashable]] = [
    lambda s: (_norm(s.category), _norm(s.group), _norm(s.label), _conditions(s)),
    lambda s: (_norm(s.group), _norm(s.label), _conditions(s)),
    lambda s: (_norm(s.category), _norm(s.label), _conditions(s)),
]


def _conditions(line: ServiceLine) -> tuple[str, ...]:
    return tuple(_norm(c) for c in line.conditions)


def _line_change(old: ServiceLine, new: ServiceLine) -> LineChange | None:
    renamed = _norm(old.category) != _norm(new.category) or _norm(old.group) != _norm(new.group)
    same = (
        old.amount == new.amount
        and old.on_quote == new.on_quote
        and old.free == new.free
        and old.tax_basis == new.tax_basis
        and _norm(old.unit) == _norm(new.unit)
    )
    if same and not renamed:
        return None
    return LineChange(
        change=Change.CHANGED,
        category=new.category,
        group=new.group,
        label=new.label,
        conditions=new.conditions,
        old_category=old.category if renamed else None,
        old_group=old.group if renamed else None,
        old_amount=old.amount,
        new_amount=new.amount,
        old_on_quote=old.on_quote,
        new_on_quote=new.on_quote,
        old_unit=old.unit,
        new_unit=new.unit,
        percent=percent_change(old.amount, new.amount),
    )


def _tier_keys() -> list[Callable[[Tier], Hashable]]:
    return [
        lambda t: (t.kind, _norm(t.label)),
        lambda t: (
            (t.kind, t.min_population, t.max_population)
            if t.kind is TierKind.COLLECTIVITY
            else None
        ),
        lambda t: t.kind if t.kind is not TierKind.COLLECTIVITY else None,
    ]


def _tier_change(old: Tier, new: Tier) -> TierChange | None:
    if (
        old.min_population == new.min_population
        and old.max_population == new.max_population
        and old.amount == new.amount
        and old.on_quote == new.on_quote
    ):
        return None
    return TierChange(
        change=Change.CHANGED,
        label=new.label,
        kind=new.kind,
        old_min=old.min_population,
        old_max=old.max_population,
        new_min=new.min_population,
        new_max=new.max_population,
        old_amount=old.amount,
        new_amount=new.amount,
        old_on_quote=old.on_quote,
        new_on_quote=new.on_quote,
        percent=percent_change(old.amount, new.amount),
    )


def diff(old: Extraction, new: Extraction) -> TariffDiff:
    """What ``new`` changes in ``old``: lines then tiers, in the new document's order.

    When ``new`` sets only part of the annex (:func:`~pipeline.validate.scope.scope_of`),
    the lines or tiers of ``old`` it does not carry are *unchanged*, not removed.
    """
    lines = _ordered(
        old.services,
        new.services,
        _LINE_KEYS,
        _line_change,
        added=lambda n: LineChange(
            change=Change.ADDED,
            category=n.category,
            group=n.group,
            label=n.label,
            conditions=n.conditions,
            new_amount=n.amount,
            new_on_quote=n.on_quote,
            new_unit=n.unit,
        ),
        removed=lambda o: LineChange(
            change=Change.REMOVED,
            category=o.category,
            group=o.group,
            label=o.label,
            conditions=o.conditions,
            old_amount=o.amount,
            old_on_quote=o.on_quote,
            old_unit=o.unit,
        ),
    )
    tiers = _ordered(
        old.strata,
        new.strata,
        _tier_keys(),
        _tier_change,
        added=lambda n: TierChange(
            change=Change.ADDED,
            label=n.label,
            kind=n.kind,
            new_min=n.min_population,
            new_max=n.max_population,
            new_amount=n.amount,
            new_on_quote=n.on_quote,
        ),
        removed=lambda o: TierChange(
            change=Change.REMOVED,
            label=o.label,
            kind=o.kind,
            old_min=o.min_population,
            old_max=o.max_population,
            old_amount=o.amount,
            old_on_quote=o.on_quote,
        ),
    )
    scope = scope_of(new)
    if scope in (Scope.TIERS, Scope.LINES):
        lines = [_kept(c) if c.change is Change.REMOVED else c for c in lines]
    if scope is Scope.SERVICES or (scope is Scope.LINES and not new.strata):
        tiers = [_kept(c) if c.change is Change.REMOVED else c for c in tiers]
    return TariffDiff(lines=lines, tiers=tiers)


def _kept(change: T) -> T:
    """A line or tier a partial deliberation does not carry: it stays as it was."""
    return change.model_copy(  # type: ignore[attr-defined]
        update={
            "change": Change.UNCHANGED,
            "new_amount": change.old_amount,  # type: ignore[attr-defined]
            "new_on_quote": change.old_on_quote,  # type: ignore[attr-defined]
        }
        | ({"new_unit": change.old_unit} if isinstance(change, LineChange) else {})
        | (
            {"new_min": change.old_min, "new_max": change.old_max}
            if isinstance(change, TierChange)
            else {}
        )
    )


def complete(old: Extraction, new: Extraction) -> Extraction:
    """The whole annex ``new`` makes of ``old``: ``new`` itself when it sets the whole
    annex; otherwise ``old``'s lines and tiers with those ``new`` sets in their place
    (a line ``new`` adds goes at the end)."""
    scope = scope_of(new)
    services, strata = list(new.services), list(new.strata)
    if scope is Scope.TIERS:
        services = list(old.services)
    elif scope is Scope.LINES:
        pairs, _, added = _pair(old.services, new.services, _LINE_KEYS)
        replaced = {id(o): n for o, n in pairs}
        services = [replaced.get(id(o), o) for o in old.services] + added
    if scope is Scope.SERVICES or (scope is Scope.LINES and not new.strata):
        strata = list(old.strata)
    return new.model_copy(update={"services": services, "strata": strata})


def _ordered(old_items, new_items, keys, changed, *, added, removed) -> list:
    """Changes between two lists, in the new list's order; a removed item shows where it
    stood, just before the new item now at its place."""
    new_at = {id(item): i for i, item in enumerate(new_items)}
    old_at = {id(item): i for i, item in enumerate(old_items)}
    pairs, gone, came = _pair(old_items, new_items, keys)
    placed: list[tuple[float, object]] = [
        (new_at[id(n)], change) for o, n in pairs if (change := changed(o, n)) is not None
    ]
    placed += [(new_at[id(n)], added(n)) for n in came]
    placed += [(old_at[id(o)] - 0.5, removed(o)) for o in gone]
    return [change for _, change in sorted(placed, key=lambda item: item[0])]


# --- Findings -----------------------------------------------------------------------


def _money(value: Decimal | None, on_quote: bool = False) -> str:
    if on_quote:
        return "sur devis"
    return money(value) if value is not None else "sans tarif"


def _where(category: str | None, group: str | None, label: str) -> str:
    heading = " › ".join(p for p in (category, group) if p)
    return f"« {label} » ({heading})" if heading else f"« {label} »"


def _find_line(new: Extraction, change: LineChange) -> ServiceLine | None:
    for line in new.services:
        if line.key == change.key:
            return line
    return None


def check_against(
    in_force: TariffVersion | None,
    new: Extraction,
    *,
    threshold: float | Decimal | None = None,
) -> list[Finding]:
    """Findings on ``new`` compared with the version in force (None: there is none).

    ``threshold`` is the relative price change beyond which a warning is given
    (``Settings.price_change_warning``, 0.25 by default).
    """
    if threshold is None:
        from pipeline.settings import get_settings

        threshold = get_settings().price_change_warning
    limit = Decimal(str(threshold)) * 100
    findings: list[Finding] = []

    new_date, source = effective_date(new.deliberation)
    stated = new.deliberation.effective_date
    sitting = new.deliberation.date
    if new_date is None:
        findings.append(
            Finding(
                severity=Severity.ERROR,
                code="history.no_effective_date",
                message=(
                    "Date d'effet inconnue : la délibération n'indique ni date de séance "
                    "ni date d'application ; la version ne peut pas être datée."
                ),
            )
        )
    elif stated is not None and sitting is not None and stated < sitting:
        findings.append(
            Finding(
                severity=Severity.WARNING,
                code="history.retroactive_date",
                message=(
                    f"La date d'application indiquée ({long_date(stated)}) précède la séance "
                    f"du {long_date(sitting)} : un tarif ne s'applique que pour l'avenir, "
                    f"la date d'effet retenue est le {long_date(new_date)}."
                ),
                page=new.deliberation.page,
            )
        )
    elif source is EffectiveDateSource.SITTING:
        findings.append(
            Finding(
                severity=Severity.INFO,
                code="history.sitting_date_used",
                message=(
                    "Aucune date d'application ni date exécutoire dans la délibération : "
                    f"la date de la séance ({long_date(new_date)}) est retenue comme date d'effet."
                ),
                page=new.deliberation.page,
            )
        )

    if in_force is None:
        findings.append(
            Finding(
                severity=Severity.INFO,
                code="history.first_version",
                message="Aucune version approuvée jusqu'ici : pas de comparaison possible.",
            )
        )
        return findings

    ref = f"la version n° {in_force.id} en vigueur"
    old_date = in_force.effective_date
    if new_date is not None and old_date is not None and new_date < old_date:
        findings.append(
            Finding(
                severity=Severity.WARNING,
                code="history.older_than_in_force",
                message=(
                    f"Délibération plus ancienne que {ref} : date d'effet au "
                    f"{long_date(new_date)}, contre le {long_date(old_date)} pour la version "
                    "en vigueur."
                ),
                page=new.deliberation.page,
            )
        )

    if not new.services and not new.strata:
        return findings  # nothing was read: the extraction's own errors say so
    changes = diff(in_force.extraction, new)
    scope = scope_of(new)
    if scope is not Scope.FULL:
        kept = [
            plural(count, word) + tail
            for count, word, tail in (
                (sum(c.change is Change.UNCHANGED for c in changes.lines), "ligne", " de services"),
                (sum(c.change is Change.UNCHANGED for c in changes.tiers), "strate", ""),
            )
            if count
        ]
        findings.append(
            Finding(
                severity=Severity.INFO,
                code="history.partial",
                message=(
                    f"Délibération partielle : elle fixe {SCOPE_WORDS[scope]} ; inchangé par "
                    f"rapport à {ref} : {', '.join(kept) or 'rien'}."
                ),
            )
        )
    if changes.empty:
        findings.append(
            Finding(
                severity=Severity.INFO,
                code="history.unchanged",
                message=f"Aucun changement de tarif par rapport à {ref}.",
            )
        )
    for change in changes.lines:
        if change.change is Change.REMOVED:
            findings.append(
                Finding(
                    severity=Severity.WARNING,
                    code="history.line_removed",
                    message=(
                        f"La ligne {_where(change.category, change.group, change.full_label)} "
                        f"de {ref} ({_money(change.old_amount, change.old_on_quote)}) "
                        "disparaît : elle ne pourra plus être facturée."
                    ),
                )
            )
        elif (
            change.change is Change.CHANGED
            and change.percent is not None
            and abs(change.percent) > limit
        ):
            line = _find_line(new, change)
            findings.append(
                Finding(
                    severity=Severity.WARNING,
                    code="history.price_change",
                    message=(
                        f"{_where(change.category, change.group, change.full_label)} : "
                        f"{_money(change.old_amount)} → {_money(change.new_amount)} "
                        f"({percent(change.percent)}), au-delà du seuil de "
                        f"{percent(limit).lstrip('+')}."
                    ),
                    page=line.page if line else None,
                    bbox=(line.amount_bbox or line.bbox) if line else None,
                )
            )
    for tchange in changes.tiers:
        if tchange.change is Change.REMOVED:
            findings.append(
                Finding(
                    severity=Severity.WARNING,
                    code="history.tier_removed",
                    message=(
                        f"La strate « {tchange.label} » de {ref} "
                        f"({_money(tchange.old_amount, tchange.old_on_quote)}) disparaît : "
                        "vérifiez que les nouvelles strates couvrent toutes les populations."
                    ),
                )
            )
        elif (
            tchange.change is Change.CHANGED
            and tchange.percent is not None
            and abs(tchange.percent) > limit
        ):
            findings.append(
                Finding(
                    severity=Severity.WARNING,
                    code="history.price_change",
                    message=(
                        f"Strate « {tchange.label} » : {_money(tchange.old_amount)} → "
                        f"{_money(tchange.new_amount)} ({percent(tchange.percent)}), "
                        f"au-delà du seuil de {percent(limit).lstrip('+')}."
                    ),
                )
            )
    return findings
