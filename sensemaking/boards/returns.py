"""The return sheet: the group's decisions on paper, brought back as workspace events.

The sheet (`return.csv`, `return.xlsx`, and printed in the pack) has fixed columns:

    card_id    a theme id (T03) for a decision on the whole theme, or a card id (T03-05)
    theme_id   the theme the card or row belongs to (filled in when printed)
    run_id     the themes run the pack was printed from (filled in when printed)
    decision   keep, merge, rename, split or park (or blank)
    target     merge: the theme it joins; split: a short name for the new theme (NEW1)
    new_label  rename: the new label; split or a new theme: its label
    dots       number of dot votes
    note       anything to remember (becomes a memo)

On a theme row: keep marks the theme agreed, park parks it, rename renames it, merge
merges it into `target`. On a card row: split sends the card to a new theme (all cards
with the same `target` go together), merge moves the card to the theme in `target`.
A row with neither card nor theme but a `new_label` is a theme raised in the room.

`plan_import` checks every row against the pack's `cards.json` (the card ids and the
run it was printed from) and the workspace, and reports every problem at once;
`apply_import` writes all the events in one batch, or nothing.
"""

from __future__ import annotations

import re
import zipfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain, count
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .. import io
from ..errors import AnnotationError, InputError
from ..ingest.sheets import read_csv_table
from ..wording import did_you_mean, plural, trim
from .content import Pack
from .layout import return_blank_rows

if TYPE_CHECKING:
    from ..project import Project

RETURN_COLUMNS = (
    "card_id",
    "theme_id",
    "run_id",
    "decision",
    "target",
    "new_label",
    "dots",
    "note",
)
DECISIONS = ("keep", "merge", "rename", "split", "park")
MANIFEST = "cards.json"
FIXED_DATE = (2000, 1, 1, 0, 0, 0)
_ISO_FIXED = "2000-01-01T00:00:00Z"


# -- writing --------------------------------------------------------------------
TYPED_IN = ("decision", "target", "new_label", "dots", "note")  # the columns people write in
FREE_TEXT = ("target", "new_label", "note")  # of those, the words: scrubbed as the team's text


def set_aside_filled(folder: Path) -> Path | None:
    """Move a return sheet in `folder` that has decisions typed in (and the cards.json it
    is imported with) into `folder/filled-<run id>/`, so that printing the pack again,
    which `sensemaking run` does whenever the data change, never loses the room's
    decisions before they are imported. Returns that folder, or None."""
    filled = [folder / name for name in ("return.xlsx", "return.csv")
              if (folder / name).is_file() and _typed_in(folder / name)]
    if not filled:
        return None
    manifest = folder / MANIFEST
    run_id = str(io.read_json(manifest).get("run_id") or "earlier") if manifest.is_file() else "earlier"
    kept = io.new_folder(folder, chain([f"filled-{run_id}"], (f"filled-{run_id}-{n}" for n in count(2))))
    for path in [*filled, *([manifest] if manifest.is_file() else [])]:
        path.replace(kept / path.name)
    return kept


def _typed_in(path: Path) -> bool:
    """Whether someone wrote into the sheet (one that cannot be read counts as written)."""
    try:
        sheet = read_return(path)
    except InputError:
        return True
    return bool((sheet[list(TYPED_IN)].apply(lambda column: column.str.strip()) != "").any().any())


def return_frame(pack: Pack) -> pd.DataFrame:
    """One row per theme, one per card under it, then the printed sheet's blank rows, for
    splits and themes raised in the room."""
    rows = []
    for board in pack.themes:
        rows.append(_row(board.theme_id, board.theme_id, pack.run_id))
        rows += [_row(c.card_id, board.theme_id, pack.run_id) for c in board.cards]
    rows += [_row("", "", pack.run_id) for _ in range(return_blank_rows(pack))]
    return pd.DataFrame(rows, columns=list(RETURN_COLUMNS))


def _row(card_id: str, theme_id: str, run_id: str) -> dict[str, str]:
    return {c: "" for c in RETURN_COLUMNS} | {
        "card_id": card_id,
        "theme_id": theme_id,
        "run_id": run_id,
    }


def manifest(pack: Pack) -> dict[str, Any]:
    """What the import needs to match a sheet to this pack (ids only, no text)."""
    return {
        "session": pack.session,
        "run_id": pack.run_id,
        "themes": [{"theme_id": b.theme_id, "label": b.label} for b in pack.themes],
        "cards": [
            {"card_id": c.card_id, "theme_id": c.theme_id, "excerpt_id": c.excerpt_id}
            for c in pack.cards
        ],
    }


def write_return_files(pack: Pack, folder: Path) -> list[Path]:
    """return.csv, return.xlsx (with a drop-down for decisions) and cards.json."""
    frame = return_frame(pack)
    csv_path = io.write_csv(folder / "return.csv", frame)
    xlsx_path = folder / "return.xlsx"
    with io.atomic_path(xlsx_path) as tmp:
        _write_xlsx(frame, pack, tmp)
        _fix_zip_dates(tmp)
    return [csv_path, xlsx_path, io.write_json(folder / MANIFEST, manifest(pack))]


def _write_xlsx(frame: pd.DataFrame, pack: Pack, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "return"
    ws.append(list(RETURN_COLUMNS))
    for row in frame.itertuples(index=False):
        ws.append(list(row))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for col, width in zip("ABCDEFGH", (10, 9, 18, 11, 12, 28, 7, 48), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    choice = DataValidation(type="list", formula1='"' + ",".join(DECISIONS) + '"', allow_blank=True)
    ws.add_data_validation(choice)
    choice.add(f"D2:D{len(frame) + 1}")
    guide = wb.create_sheet("themes")
    guide.append(["theme_id", "label"])
    for board in pack.themes:
        guide.append([board.theme_id, board.label])
    guide.column_dimensions["B"].width = 60
    wb.save(path)


def _fix_zip_dates(path: Path) -> None:
    """Rewrite an .xlsx with fixed entry dates and document dates: same sheet, same bytes."""
    with zipfile.ZipFile(path) as src:
        entries = [(info.filename, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*",
                    rb"\g<1>" + _ISO_FIXED.encode(),
                    data,
                )
            out.writestr(zipfile.ZipInfo(name, FIXED_DATE), data, zipfile.ZIP_DEFLATED)


# -- reading and planning -------------------------------------------------------
@dataclass
class ImportPlan:
    """The events a return sheet would write, what each row does, and what is wrong."""

    path: Path
    run_id: str
    events: list[dict[str, Any]] = field(default_factory=list)
    preview: list[dict[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    already: int = 0  # decisions left out: the log holds them from an earlier import

    @property
    def ok(self) -> bool:
        return not self.problems

    def table(self) -> pd.DataFrame:
        return pd.DataFrame(self.preview, columns=["row", "what"])


def read_return(path: str | Path) -> pd.DataFrame:
    """The sheet as strings (blank = ""), with the spreadsheet row number in `row`."""
    path = Path(path)
    if not path.is_file():
        raise InputError(
            "no such return sheet; give the path to return.xlsx or return.csv", path=path
        )
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            frame = pd.read_excel(path, sheet_name=0, dtype=str)
            frame.index += 2  # the spreadsheet's row numbers, under the header
        else:  # as a spreadsheet saved it: any common encoding, ";" in some countries
            frame = read_csv_table(path.read_bytes(), str(path))
            frame.index += 2
    except (ValueError, OSError, zipfile.BadZipFile) as exc:
        raise InputError(
            f"cannot read it as a spreadsheet ({type(exc).__name__}); save it as .xlsx or .csv",
            path=path,
        ) from None
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in RETURN_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(missing)}; the return sheet needs "
            f"{', '.join(RETURN_COLUMNS)} in its first row",
            path=path,
            line=1,
        )
    frame = frame[list(RETURN_COLUMNS)].fillna("").map(lambda v: str(v).strip())
    return frame.assign(row=frame.index)


def load_manifest(path: Path) -> dict[str, Any]:
    found = path.parent / MANIFEST
    if not found.is_file():
        raise InputError(
            f"no {MANIFEST} beside the return sheet; keep the sheet in the "
            "workshops/SESSION/ folder the pack was printed into",
            path=path,
        )
    return io.read_json(found)


def plan_import(project: Project, path: str | Path, *, by: str | None = None) -> ImportPlan:
    """Check a filled-in return sheet and turn it into workspace events (nothing written)."""
    path = Path(path)
    sheet = _scrubbed(read_return(path), project.team_text.scrub)
    pack = load_manifest(path)
    plan = ImportPlan(path, str(pack["run_id"]))
    _Planner(plan, pack, path.name, project.team_text.scrub).run(sheet)
    _leave_out_imported(project, plan)
    session = str(pack.get("session", ""))
    by = by or (session if "workshop" in session.lower() else f"workshop {session}".strip())
    if plan.events and plan.ok:
        try:
            project.workspace.apply(plan.events, by=by, dry_run=True)
        except AnnotationError as exc:
            plan.problems.append(f"the workspace refuses it: {exc}")
    plan.events = [dict(e, by=e.get("by") or by) for e in plan.events]
    return plan


def _scrubbed(sheet: pd.DataFrame, scrub) -> pd.DataFrame:
    """The sheet with its free text pseudonymised as the workspace logs it ("What Sarah
    Whitfield told us" is "What P01 told us"), once, before anything reads it: the preview,
    the problems, a new theme's label and the votes and memos that name it all say the same."""
    return sheet.assign(**{c: sheet[c].map(lambda v: scrub(v) if v else v) for c in FREE_TEXT})


def _leave_out_imported(project: Project, plan: ImportPlan) -> None:
    """Leave out the decisions an earlier import of this sheet wrote (same kind, same sheet
    row, same run, still in force): importing a sheet twice must not count its dots twice
    or add its new themes again. A decision undone since is imported again."""
    history = project.workspace.history()
    if history.empty:
        return
    done = history[history["in_force"].astype(bool)]
    logged = set(zip(done["kind"], done["reason"], done["run_id"], strict=True))
    keep = [(event, line) for event, line in zip(plan.events, plan.preview, strict=True)
            if (event["kind"], event["reason"], event["run_id"]) not in logged]
    plan.already = len(plan.events) - len(keep)
    plan.events = [event for event, _ in keep]
    plan.preview = [line for _, line in keep]


def apply_import(project: Project, plan: ImportPlan) -> list:
    """Write the plan's events as one batch; raises AnnotationError (nothing written) if not ok."""
    if not plan.ok:
        raise AnnotationError(
            f"{plan.path.name}: nothing was applied; fix these and import again: "
            + "; ".join(plan.problems)
        )
    if not plan.events:
        return []
    return project.workspace.apply(plan.events)


class _Planner:
    """Row-by-row translation of a sheet into events, collecting every problem."""

    def __init__(self, plan: ImportPlan, pack: dict[str, Any], name: str, scrub: Callable[[str], str]):
        self.plan, self.name, self.scrub = plan, name, scrub
        self.themes = {t["theme_id"]: t["label"] for t in pack["themes"]}
        self.cards = {c["card_id"]: c for c in pack["cards"]}
        self.theme_decision: dict[str, tuple[int, str]] = {}
        self.seen_cards: dict[str, int] = {}
        self.splits: dict[str, list[tuple[int, dict, str]]] = defaultdict(list)

    def _known(self, value: str) -> str:
        """A card or theme id of this pack whatever case it was typed in; else as typed."""
        upper = value.upper()
        return upper if upper in self.cards or upper in self.themes else value

    def _typed(self, value: str) -> str:
        """A typed id as a problem quotes it: an id of this pack as it is; anything else
        scrubbed and in quotes, for a facilitator may have typed a name or a phone number
        into the wrong cell (the row the problem names finds the cell)."""
        return value if value in self.cards or value in self.themes else repr(self.scrub(value))

    def problem(self, row: int, message: str) -> None:
        self.plan.problems.append(f"{self.name} row {row}: {message}")

    def event(self, row: int, what: str, **spec: Any) -> None:
        reason = f"return sheet {self.name}, row {row}"
        self.plan.events.append({**spec, "run_id": self.plan.run_id, "reason": reason})
        self.plan.preview.append({"row": str(row), "what": what})

    def run(self, sheet: pd.DataFrame) -> None:
        for rec in sheet.to_dict("records"):
            if not any(rec[c] for c in TYPED_IN):
                continue
            for column in ("card_id", "theme_id", "target"):  # "t05" typed for T05
                rec[column] = self._known(rec[column])
            if self._valid(rec):
                self._row(rec)
        self._flush_splits()
        self._check_merge_chains()

    def _valid(self, rec: dict[str, Any]) -> bool:
        row, ok = rec["row"], True
        if rec["run_id"] and rec["run_id"] != self.plan.run_id:
            self.problem(
                row,
                f"run {self._typed(rec['run_id'])} is not the run this pack was printed from "
                f"({self.plan.run_id}); use the sheet that came with this pack",
            )
            ok = False
        if rec["decision"] and rec["decision"].lower() not in DECISIONS:
            self.problem(row, f"decision {self._typed(rec['decision'])} is not one of {', '.join(DECISIONS)}"
                              + did_you_mean(rec["decision"].lower(), DECISIONS))
            ok = False
        if rec["dots"] and not re.fullmatch(r"\d+(\.0)?", rec["dots"]):
            self.problem(row, f"dots {self._typed(rec['dots'])} is not a whole number")
            ok = False
        card, theme = rec["card_id"], rec["theme_id"]
        if card and card not in self.cards and card not in self.themes:
            self.problem(
                row,
                f"no card or theme {self._typed(card)} in this pack (printed from run "
                f"{self.plan.run_id}); check the id on the card",
            )
            ok = False
        expected = self.cards[card]["theme_id"] if card in self.cards else card if card in self.themes else ""
        if theme and expected and theme != expected:
            self.problem(row, f"{card} belongs to {expected}, not {self._typed(theme)}")
            ok = False
        if theme and not card and theme not in self.themes:
            self.problem(row, f"no theme {self._typed(theme)} in this pack")
            ok = False
        return ok

    def _row(self, rec: dict[str, Any]) -> None:
        card = rec["card_id"] or rec["theme_id"]
        if not card:
            self._new_theme(rec)
        elif card in self.cards:
            self._card(rec, self.cards[card])
        else:
            self._theme(rec, card)

    def _theme(self, rec: dict[str, Any], theme: str) -> None:
        row, decision = rec["row"], rec["decision"].lower()
        if theme in self.theme_decision and decision:
            first, earlier = self.theme_decision[theme]
            if earlier != decision:
                self.problem(row, f"{theme} is marked {decision} here but {earlier} in row {first}")
                return
        if decision:
            self.theme_decision[theme] = (row, decision)
        label = rec["new_label"]
        if decision == "keep":
            self.event(row, f"{theme}: agreed", kind="status", theme=theme, value="agreed")
        elif decision == "park":
            self.event(row, f"{theme}: parked", kind="status", theme=theme, value="parked")
        elif decision == "merge":
            self._merge(rec, theme)
        elif decision == "split" and not any(
            s[1]["theme_id"] == theme for g in self.splits.values() for s in g
        ):
            self.plan.preview.append({"row": str(row), "what": f"{theme}: split (by its cards)"})
        if label and decision in ("", "keep", "rename"):
            self.event(
                row, f"{theme}: renamed to {label!r}", kind="rename", theme=theme, label=label
            )
        elif decision == "rename":
            self.problem(row, f"rename {theme}: write the new label in new_label")
        self._dots_and_note(rec, theme)

    def _merge(self, rec: dict[str, Any], theme: str) -> None:
        row, target = rec["row"], rec["target"]
        if not target:
            self.problem(row, f"merge {theme}: write the theme it joins in target (e.g. T04)")
        elif target == theme:
            self.problem(row, f"{theme} cannot merge into itself")
        else:
            spec = {"kind": "merge", "theme": target, "other": theme}
            if rec["new_label"]:
                spec["label"] = rec["new_label"]
            self.event(row, f"{theme}: merged into {target}", **spec)

    def _card(self, rec: dict[str, Any], card: dict[str, Any]) -> None:
        row, decision, cid = rec["row"], rec["decision"].lower(), card["card_id"]
        if cid in self.seen_cards and decision:
            self.problem(row, f"card {cid} has a decision in row {self.seen_cards[cid]} too")
            return
        if decision:
            self.seen_cards[cid] = row
        if decision == "split":
            key = rec["target"] or rec["new_label"]
            if not key:
                self.problem(
                    row, f"split {cid}: name the new theme in target (e.g. NEW1) or new_label"
                )
            else:
                self.splits[key].append((row, card, rec["new_label"]))
        elif decision == "merge":
            if not rec["target"]:
                self.problem(row, f"merge {cid}: write the theme the card moves to in target")
            else:
                self.event(
                    row,
                    f"card {cid}: moved to {rec['target']}",
                    kind="move",
                    excerpt_id=card["excerpt_id"],
                    theme=rec["target"],
                )
        elif decision in ("rename", "park"):
            self.problem(
                row, f"{decision} applies to a theme; write it on the {card['theme_id']} row"
            )
        self._dots_and_note(rec, card["excerpt_id"], what=f"card {cid}")

    def _new_theme(self, rec: dict[str, Any]) -> None:
        row, label = rec["row"], rec["new_label"]
        if not label:
            self.problem(
                row, "a row without a card or theme needs a new_label (a theme raised in the room)"
            )
            return
        self.event(row, f"new theme {label!r} (raised in the room)", kind="create", label=label)
        self._dots_and_note(rec, label, what=f"new theme {label!r}")

    def _dots_and_note(self, rec: dict[str, Any], target: str, what: str | None = None) -> None:
        row, what = rec["row"], what or target
        dots = int(float(rec["dots"])) if rec["dots"] else 0
        if dots:
            self.event(row, f"{what}: {plural(dots, 'dot')}", kind="vote", target=target, value=dots)
        if rec["note"]:
            self.event(row, f"{what}: note “{trim(rec['note'], 60)}”", kind="memo", target=target, text=rec["note"])

    def _flush_splits(self) -> None:
        for key, members in self.splits.items():
            rows = [m[0] for m in members]
            label = next((m[2] for m in members if m[2]), key)
            ids = [m[1]["excerpt_id"] for m in members]
            sources = sorted({m[1]["theme_id"] for m in members})
            what = f"new theme {label!r} from {len(ids)} card(s) of {', '.join(sources)}"
            if len(sources) == 1:
                self.event(
                    rows[0], what, kind="split", theme=sources[0], excerpt_ids=ids, label=label
                )
            else:
                self.event(rows[0], what, kind="create", label=label, excerpt_ids=ids)

    def _check_merge_chains(self) -> None:
        merged = {t: row for t, (row, d) in self.theme_decision.items() if d == "merge"}
        for spec in self.plan.events:
            if spec["kind"] == "merge" and spec["theme"] in merged:
                self.problem(
                    merged[spec["other"]],
                    f"{spec['other']} merges into {spec['theme']}, "
                    f"which is itself merged away (row {merged[spec['theme']]}); "
                    "point both at the theme that stays",
                )
            if spec["kind"] in ("merge", "move") and spec["theme"] in self.theme_decision:
                row, d = self.theme_decision[spec["theme"]]
                if d == "park":
                    self.problem(
                        row, f"{spec['theme']} is parked here but receives a merge or card"
                    )
