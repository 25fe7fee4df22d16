"""`pipeline generate` and `pipeline templates check|variables`: conventions and their templates."""

from __future__ import annotations

import contextlib
import datetime as dt
import signal
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, TaskID, TextColumn

from pipeline.cli.app import EXIT_INPUT, app, err, fail, line, out, parse_date, settings
from pipeline.cli.progress import PROGRESS_AFTER_SECONDS, _Delayed, _Times
from pipeline.errors import PipelineError, VersionNotFound
from pipeline.french import integer
from pipeline.models import TariffVersion
from pipeline.settings import Settings

if TYPE_CHECKING:
    from pipeline.generate import Generation, GenerationProgress

templates_app = typer.Typer(
    help="Modèles Word : vérification et liste des variables.", no_args_is_help=True
)
app.add_typer(templates_app, name="templates")


def _version_in_force(config: Settings, on: dt.date) -> TariffVersion:
    from pipeline.store import Store
    from pipeline.versions import in_force

    with Store(config.db, threshold=config.price_change_warning) as store:
        return in_force(store, on)


def _versions(config: Settings) -> list[TariffVersion]:
    """Every version of the store (for the report: one that takes effect soon)."""
    from pipeline.store import Store

    with Store(config.db, threshold=config.price_change_warning) as store:
        return store.versions()


def _optional_version(config: Settings, on: dt.date) -> TariffVersion | None:
    if not config.db.exists():
        return None
    try:
        return _version_in_force(config, on)
    except VersionNotFound:
        return None


@templates_app.command("check")
def check_command(
    date: Annotated[
        str | None,
        typer.Option("--date", help="date de la version en vigueur (par défaut aujourd'hui)"),
    ] = None,
) -> None:
    """Vérifie les modèles Word : variables connues et rendu pour chaque strate.

    Chaque variable d'un modèle (corps, en-têtes, pieds de page, boucles) doit exister
    dans le contexte documenté (« pipeline templates variables ») ; chaque modèle est
    rendu pour une collectivité de chaque strate de la version en vigueur (ou d'une
    version d'exemple si la base n'en a pas).

    Exemple : pipeline templates check

    Codes de sortie : 0 modèles corrects ; 1 modèle incorrect.
    """
    from pipeline.parties import load_parties
    from pipeline.render.check import check_templates

    config = settings()
    try:
        version = _optional_version(config, (parse_date(date) if date else dt.date.today()))
        loaded = check_templates(config.templates_dir, version, load_parties(config.parties))
    except PipelineError as error:
        fail(error)
    where = f"version {version.id}" if version else "version d'exemple"
    for template in loaded:
        out.print(f"{template.path.name} : correct ({where})")


@templates_app.command("variables")
def variables_command() -> None:
    """Liste les variables que les modèles Word peuvent utiliser, avec leur description.

    Les valeurs du CDG et du Syndicat mixte (cdg.*, syndicat.*) sont celles du fichier
    des parties (parametres/parties.toml, ou PIPELINE_PARTIES).

    Exemple : pipeline templates variables

    Codes de sortie : 0 liste affichée ; 2 fichier des parties incorrect.
    """
    from pipeline.parties import load_parties
    from pipeline.render.variables import describe

    try:
        parties = load_parties(settings().parties)
    except PipelineError as error:
        fail(error)
    out.print(describe(parties), markup=False, soft_wrap=True)


@app.command("generate")
def generate_command(
    codes: Annotated[
        list[str] | None,
        typer.Argument(help="codes INSEE ou SIREN des collectivités", show_default=False),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="toutes les collectivités")] = False,
    date: Annotated[
        str | None,
        typer.Option("--date", help="date de la version en vigueur (par défaut aujourd'hui)"),
    ] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="produit aussi les PDF (LibreOffice)")] = False,
) -> None:
    """Écrit la convention tripartite et l'annexe 2 de chaque collectivité.

    Dans output/<version>/<code>-<nom>/ : convention-tripartite.docx et
    annexe-2-tarifs.docx (et leurs PDF avec --pdf), plus manifest.csv et rapport.txt.
    Les documents sont ceux de la date demandée (--date, aujourd'hui par défaut) : les
    tarifs et le millésime des populations légales en vigueur ce jour-là. Le rapport
    donne la strate de chaque collectivité, avec le chiffre de population, son type et
    son millésime, et ce qu'il faut vérifier avant l'envoi. Une collectivité qu'aucune
    strate ne couvre est signalée et n'a pas de convention. Relancée sans changement,
    la commande ne réécrit rien.

    Les documents sont écrits par autant de processus que la machine a de cœurs, et
    les PDF par autant de LibreOffice, démarrés par la commande et arrêtés avec elle ;
    sur un terminal, une barre montre l'avancement de chaque étape et le temps
    restant. Un document que LibreOffice ne peut pas convertir est nommé dans le bilan
    et le manifeste, et les autres sont convertis. Interrompue (Ctrl-C), la commande
    garde ce qui est écrit : relancée, elle fait le reste.

    Exemples : pipeline generate 62001 ; pipeline generate --all --pdf ;
    pipeline generate --all --date 2026-04-01

    Codes de sortie : 0 documents à jour ; 1 modèle incorrect, aucune version en
    vigueur, une collectivité sans convention, un PDF non produit ou LibreOffice
    absent ; 2 fichier des collectivités, des parties ou d'un registre incorrect ;
    130 interrompue.
    """
    from pipeline.generate import FAILED, NO_TIER
    from pipeline.render.pdf import cores, soffice
    from pipeline.store import Store
    from pipeline.versions import prepare_generation

    if not codes and not all_:
        err.print("Erreur : indiquez des codes de collectivités ou --all.")
        raise typer.Exit(EXIT_INPUT)
    config = settings()
    try:
        on = parse_date(date) if date else dt.date.today()
        if pdf:
            soffice()  # missing: said before anything is written
        with Store(config.db, threshold=config.price_change_warning) as store:
            run, registry = prepare_generation(
                store, config, codes=None if all_ else list(codes or []), on=on, pdf=pdf
            )
        for warning in registry.warnings:
            err.print(line(("attention", "bold yellow"), " ", warning))
        with _terminated_as_interrupted(), GenerationBar() as bar:
            try:
                with contextlib.closing(run.outcomes(jobs=cores(), progress=bar)) as outcomes:
                    for _ in outcomes:
                        pass
            except KeyboardInterrupt:
                bar.finish()
                _record(config, run)
                err.print(
                    "Génération interrompue : ce qui est écrit est gardé dans le manifeste ; "
                    "relancez la commande pour faire le reste.",
                    soft_wrap=True,
                )
                raise
        _record(config, run)
    except PipelineError as error:
        fail(error)

    report = run.report
    out.print(report.text().rstrip(), markup=False, soft_wrap=True)
    out.print("", report.summary().rstrip() + bar.durations(), sep="\n", soft_wrap=True)
    if report.having(NO_TIER) or report.having(FAILED):
        raise typer.Exit(1)


@contextlib.contextmanager
def _terminated_as_interrupted() -> Iterator[None]:
    """SIGTERM stops the command as Ctrl-C does: what is written is kept, LibreOffice
    and the processes at work are stopped."""

    def interrupt(number: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


STEPS = {
    "documents": ("Documents Word", "collectivités", "documents Word"),
    "pdf": ("PDF", "documents", "PDF"),
}
"""A run's step (:class:`~pipeline.generate.Stage`) → its bar's name, what it counts,
its name in the closing summary."""


class GenerationBar:
    """The terminal's :data:`~pipeline.generate.ProgressCallback`: one transient bar per
    step on stderr, « Documents Word : 120/907 collectivités ━━━━ 0:00:02 · reste
    0:00:13 », then « PDF : 300/1 814 documents … », shown once the run has lasted
    PROGRESS_AFTER_SECONDS and never when stderr is not an interactive terminal;
    :meth:`finish` (or leaving the ``with`` block) removes it. It also times each step
    for the closing summary (:meth:`durations`)."""

    def __init__(self, console: Console = err, *, after: float | None = None) -> None:
        self.console = console
        self.started = time.monotonic()
        self.after = PROGRESS_AFTER_SECONDS if after is None else after
        self.steps: dict[str, list[float]] = {}
        """Step → [start, last event] (monotonic seconds)."""
        self._progress: _Delayed | None = None
        self._task: TaskID | None = None

    def __call__(self, event: GenerationProgress) -> None:
        now = time.monotonic()
        step = str(event.stage)
        if step not in self.steps:
            self.finish()
            begun = self.started if not self.steps else max(t[1] for t in self.steps.values())
            self.steps[step] = [begun, now]
        self.steps[step][1] = now
        if not self.console.is_interactive:
            return
        name, unit, _ = STEPS.get(step, (step, "", step))
        description = f"{name} : {integer(event.done)}/{integer(event.total)} {unit}".rstrip()
        if self._progress is None:
            self._progress = _Delayed(
                TextColumn("{task.description}", markup=False),
                BarColumn(),
                _Times(),
                console=self.console,
                transient=True,
                redirect_stdout=False,  # stdout may be a pipe: never onto stderr
                shown_from=self.started + self.after,
            )
            self._progress.start()
            self._task = self._progress.add_task(
                description, total=event.total, completed=event.done, since=now
            )
        else:
            assert self._task is not None
            self._progress.update(self._task, completed=event.done, description=description)

    def finish(self) -> None:
        """Remove the bar (if any) from the screen."""
        progress, self._progress, self._task = self._progress, None, None
        if progress is not None:
            progress.stop()

    def durations(self) -> str:
        """« Durée : 52,4 s (documents Word 3,1 s ; PDF 49,3 s). » (French), or nothing."""
        if not self.steps:
            return ""
        whole = max(t[1] for t in self.steps.values()) - self.started
        parts = " ; ".join(
            f"{STEPS.get(step, (step, '', step))[2]} {_seconds(last - first)}"
            for step, (first, last) in self.steps.items()
        )
        return f"\nDurée : {_seconds(whole)} ({parts})."

    def __enter__(self) -> GenerationBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.finish()


def _seconds(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + "\u00a0s"


def _record(config: Settings, run: Generation) -> None:
    """Remember the newly written documents in the store."""
    from pipeline.generate import GENERATED
    from pipeline.store import Store
    from pipeline.versions import record_generation

    if run.report.having(GENERATED):
        with Store(config.db) as store:
            record_generation(store, run)


from pipeline.cli import registers as _registers  # noqa: E402, F401  (registers its commands)
