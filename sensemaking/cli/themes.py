"""`themes`: candidate themes for a project, or for any CSV of short texts."""

from __future__ import annotations

import warnings
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from ..embed import EMBEDDERS
from ..errors import SensemakingError
from ..ingest.base import IngestWarning
from ..wording import did_you_mean, plural
from ._app import app, console, fail, load, rich_progress, run_stale


def _embedder_option(value: str | None) -> str | None:
    """--embedder checked as typed, before any work: a wrong value is the option's, not a
    setting in sensemaking.toml."""
    if value is None or value.lower() in EMBEDDERS:
        return value and value.lower()
    raise typer.BadParameter(f"{value!r} is not one of {', '.join(EMBEDDERS)}"
                             + did_you_mean(value.lower(), EMBEDDERS))


@app.command()
def themes(
    directory: Path = typer.Argument(None, help="Project folder (omit when using --input)."),
    n_themes: int = typer.Option(None, "--themes", min=0,
                                 help="Target number of themes (default, or 0: the data decides)."),
    embedder: str = typer.Option(None, "--embedder", callback=_embedder_option,
                                 help="minilm (packaged model) or tfidf (no model, fast)."),
    codebook: Path = typer.Option(None, "--codebook", help="YAML, CSV or REFI-QDA .qdc codebook: also write codes.csv."),
    subject_words: str = typer.Option(None, "--subject-words", help="What every answer is about, "
                                      "comma-separated (\"coronavirus, covid\"): left out of theme-finding."),
    input_csv: Path = typer.Option(None, "--input", help="A CSV or .xlsx file to theme instead of a project."),
    text_column: str = typer.Option(None, "--text-column", help="With --input: the column of texts."),
    id_column: str = typer.Option(None, "--id-column", help="With --input: the column of unique ids."),
    out: Path = typer.Option(None, "--out", help="With --input: the output folder."),
    seed: int = typer.Option(None, "--seed", min=0, help="The random seed for this run (default: the "
                             "project's [project] seed; 42 with --input)."),
    not_names: Path = typer.Option(None, "--not-names", help="With --input: a file of words, one per "
                                   "line, kept though they are given names (Boris)."),
) -> None:
    """Find candidate themes: labels, quotes, counts, stability and a hierarchy.

    In a project, ingest runs first when it is out of date.

    Writes assignments.csv, set_aside.csv, themes.json, hierarchy.json, map.csv and
    run.json into the project's .sensemaking/ folder (or --out), and codes.csv with
    --codebook.

    Example: sensemaking themes data/sample --themes 8

    Example: sensemaking themes --input answers.csv --text-column answer --id-column id --out out/
    """
    from ..themes import run_themes, run_themes_csv

    options = {"n_themes": n_themes, "embedder": embedder, "subject_words": subject_words,
               "codebook": str(codebook) if codebook else None}
    try:
        if input_csv is None and not_names is not None:
            fail("--not-names goes with --input; in a project, list the words in private/not_names.txt")
        if input_csv is not None:
            if directory is not None or not (text_column and id_column and out):
                fail("--input needs --text-column, --id-column and --out, and no project folder")
            caught: list[warnings.WarningMessage] = []
            try:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always", IngestWarning)
                    result = run_themes_csv(input_csv, text_column=text_column, id_column=id_column,
                                            out=out, seed=42 if seed is None else seed,
                                            not_names=not_names, progress=rich_progress, **options)
            finally:  # said also when the file then fails ("1 hidden sheet was not read")
                for w in caught:  # "the id column holds contact details ...": said plainly
                    if issubclass(w.category, IngestWarning):
                        console.print(f"[yellow]{escape(f'{input_csv}: {w.message}')}[/]", soft_wrap=True)
                    else:
                        warnings.showwarning(w.message, w.category, w.filename, w.lineno)
            where = out
        else:
            project = load(directory or Path("."))
            run_stale(project, ("ingest",))
            result = run_themes(project, progress=rich_progress, seed=seed, **options)
            where = project.cache_dir
    except SensemakingError as exc:
        fail(str(exc))
    _summary(result, where)


def _summary(result, where: Path) -> None:
    """The themes as a table, then the figures a reader should check."""
    f = result.figures
    table = Table(title=f"{plural(f['themes'], 'candidate theme')} from {plural(f['excerpts'], 'excerpt')}")
    # Widths are set here: left to rich, an 80-column terminal lost the id column and the
    # table's right edge. Label and keywords share what the fixed columns leave.
    fixed = {"id": 2, "excerpts": 8, "voices": 6, "stability": 9}
    borders = 3 * (len(fixed) + 2) + 1  # per column a rule and two spaces, and the last rule
    spare = console.width - sum(fixed.values()) - borders
    longest = max((len(theme["label"]) for theme in result.themes), default=5)
    label_width = max(5, min(30, longest, spare - 16))
    table.add_column("id", justify="right", no_wrap=True, width=fixed["id"])
    table.add_column("label", width=label_width)  # wraps: a label is read whole, keywords skimmed
    for column in ("excerpts", "voices", "stability"):
        table.add_column(column, justify="right", no_wrap=True, width=fixed[column])
    table.add_column("keywords", no_wrap=True, overflow="ellipsis", width=max(8, min(32, spare - label_width)))
    for theme in result.themes:
        stability = f"{theme['stability']:.2f}" + (" [yellow]?[/]" if theme["tentative"] else "")
        table.add_row(str(theme["theme_id"]), escape(theme["label"]), str(theme["size"]),
                      str(theme["participants"]), stability, escape(", ".join(theme["keywords"][:4])))
    console.print(table)
    if not any(theme["participant_ids"] for theme in result.themes):
        console.print("Voices: each text counts as one voice (none is tied to a participant).")
    elif any(theme["participants"] != len(theme["participant_ids"]) for theme in result.themes):
        console.print("Voices: the people who raised a theme, and each organiser's note or document "
                      "that did (a note records someone heard).")
    total = len(result.assignments)
    console.print(
        f"Fit no theme: {f['outlier_share_after']:.1%} of the {total - f['non_answers']} substantive "
        f"excerpts ({f['outlier_share_before']:.1%} before dissolved themes were reassigned); "
        f"{f['core_share']:.0%} sat in a dense core and the others joined their nearest theme. "
        f"Set aside as non-answers or small talk: {f['non_answers']} of {total} excerpts "
        "(set_aside.csv says which and why). "
        f"Both are theme -1 ({f['unassigned_share']:.1%} in all). Mean stability {f['mean_stability']:.2f}."
    )
    if f["tentative"]:
        console.print(f"? = tentative: {plural(f['tentative'], 'theme')} with stability under \\[themes] "
                      "tentative_below (0.5 unless set). Stability is the mean best-match Jaccard of a "
                      "theme's members over refits on 80% subsamples (1 = the same theme every time).")
    if len(f.get("context_kernel") or []) > 1:
        reach = len(f["context_kernel"]) - 1
        console.print(f"Conversation turns were read with {plural(reach, 'turn')} either side: the "
                      "conversations keep to a topic about that long (context_kernel in run.json).")
    if f.get("shared_keywords"):
        words = ", ".join(f"{k} ({n})" for k, n in f["shared_keywords"].items())
        console.print(f"Leading the keywords of several themes: {words}. If every answer is about "
                      "one of them, list it in \\[themes] subject_words (or --subject-words) and run again.")
    if "coded_excerpts" in f:
        console.print(f"Codebook: {f['coded_excerpts']} excerpts coded (codes.csv).")
    console.print(f"[dim]Written to {escape(str(where))}[/]", soft_wrap=True)
