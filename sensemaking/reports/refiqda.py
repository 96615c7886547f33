"""Exchange with other QDA tools: REFI-QDA project (`.qdpx`) and codebook (`.qdc`).

NVivo, ATLAS.ti, MAXQDA and QualCoder read and write the REFI-QDA standard (QDA-XML 1.0).
The export holds the pseudonymised sources (never the raw files), one code per team theme,
one `PlainTextSelection` per coded excerpt with `startPosition`/`endPosition` equal to the
excerpt's `char_start`/`char_end` in the stored source text, the team's memos as notes,
and participants as cases with their attributes. Every GUID is derived from what it names,
so the same project exports to the same bytes. Both files are validated against the
schemas shipped in `schemas/` before they are written.

A `.qdc` codebook from another tool can be read back (`read_qdc`), and handed to deductive
coding as codebook entries (`codebook_entries`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as SafeET
import pandas as pd
from defusedxml import DefusedXmlException
from lxml import etree

from .. import __version__
from ..charts import theme_colour
from ..errors import ConfigError, StageError
from .inputs import ReportInputs
from .zipfiles import zip_bytes

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
_GUID_ROOT = uuid.UUID("6f1d3c2e-8f0a-5b7e-9c41-2a5d7e9b0c13")
CASE_ATTRIBUTES = ("role", "area", "age_band")


def guid(kind: str, key: str) -> str:
    """A stable GUID for one thing in the export (a code, a source, a selection, ...)."""
    return str(uuid.uuid5(_GUID_ROOT, f"{kind}:{key}"))


def _stamp(when: date) -> str:
    return f"{when.isoformat()}T00:00:00Z"


def _el(parent: etree._Element, tag: str, ns: str = PROJECT_NS, **attrs: Any) -> etree._Element:
    clean = {k: str(v) for k, v in attrs.items() if v is not None}
    return etree.SubElement(parent, f"{{{ns}}}{tag}", clean)


def _text_el(parent: etree._Element, tag: str, text: str, ns: str = PROJECT_NS) -> etree._Element:
    node = _el(parent, tag, ns)
    node.text = text
    return node


# -- codes --------------------------------------------------------------------------------
def _description(theme: dict[str, Any]) -> str:
    parts = [(f"Team theme {theme['theme_id']} ({theme['status']}), {int(theme['size'])} "
              f"excerpts, {int(theme['participants'])} voices.")]
    if theme.get("keywords") is not None and len(theme["keywords"]):
        parts.append("Keywords: " + ", ".join(map(str, theme["keywords"])) + ".")
    return " ".join(parts)


def _codes(parent: etree._Element, inputs: ReportInputs, ns: str, notes: bool) -> None:
    """The team's themes, then the codes of their own they gave excerpts by hand."""
    codes = _el(parent, "Codes", ns)
    resolved = inputs.resolved
    for index, row in enumerate(resolved.to_dict("records")):
        code = _el(codes, "Code", ns, guid=guid("code", row["theme_id"]), name=row["label"],
                   isCodable="true", color=theme_colour(index))
        _text_el(code, "Description", _description(row), ns)
        if notes and str(row.get("memo") or "").strip():
            _el(code, "NoteRef", ns, targetGUID=guid("memo", row["theme_id"]))
    for index, name in enumerate(inputs.own_codes(), start=len(resolved)):
        code = _el(codes, "Code", ns, guid=guid("code", _own(name)), name=name, isCodable="true",
                   color=theme_colour(index))
        _text_el(code, "Description", "A code the team gave excerpts by hand.", ns)


def _own(code: str) -> str:
    """The key of a code of the team's own, apart from theme ids ("code:trust")."""
    return f"code:{code}"


# -- sources and selections ---------------------------------------------------------------
def coded_excerpts(inputs: ReportInputs) -> dict[str, list[str]]:
    """Excerpt id -> the code keys it has: the team theme it belongs to, and those given
    by hand (a second theme, or a code of the team's own: `_own`)."""
    coded: dict[str, list[str]] = {}
    for theme_id, ids in zip(inputs.resolved["theme_id"], inputs.resolved["excerpt_ids"],
                             strict=True):
        for excerpt_id in ids:
            coded.setdefault(str(excerpt_id), []).append(str(theme_id))
    own = set(inputs.own_codes())
    for excerpt_id, codes in inputs.hand_codes().items():
        keys = coded.setdefault(excerpt_id, [])
        keys += [k for k in (_own(c) if c in own else c for c in codes) if k not in keys]
    return coded


def _check_span(text: str, row: dict[str, Any]) -> tuple[int, int]:
    start, end = int(row["char_start"]), int(row["char_end"])
    if not 0 <= start < end <= len(text):
        raise StageError(
            f"excerpt {row['excerpt_id']} spans characters {start}-{end}, outside its source "
            f"{row['source_id']} ({len(text)} characters); run `sensemaking ingest` again"
        )
    return start, end


def _source(sources: etree._Element, source_id: str, rows: pd.DataFrame, text: str,
            coded: dict[str, list[str]], when: str) -> str:
    source_guid = guid("source", source_id)
    node = _el(sources, "TextSource", guid=source_guid, name=source_id,
               plainTextPath=f"internal://{source_guid}.txt", creationDateTime=when)
    for row in rows.sort_values(["char_start", "excerpt_id"]).to_dict("records"):
        excerpt_id = str(row["excerpt_id"])
        themes = coded.get(excerpt_id)
        if not themes:
            continue
        start, end = _check_span(text, row)
        selection = _el(node, "PlainTextSelection", guid=guid("selection", excerpt_id),
                        name=excerpt_id, startPosition=start, endPosition=end,
                        creationDateTime=when)
        for theme_id in themes:
            coding = _el(selection, "Coding", guid=guid("coding", f"{excerpt_id}:{theme_id}"),
                         creationDateTime=when)
            _el(coding, "CodeRef", targetGUID=guid("code", theme_id))
    return source_guid


# -- cases, variables, notes --------------------------------------------------------------
def _attributes(excerpts: pd.DataFrame) -> list[str]:
    return [a for a in CASE_ATTRIBUTES if a in excerpts.columns and excerpts[a].notna().any()]


def _variables(project: etree._Element, attributes: Iterable[str]) -> None:
    attributes = list(attributes)
    if not attributes:
        return
    variables = _el(project, "Variables")
    for name in attributes:
        _el(variables, "Variable", guid=guid("variable", name), name=name, typeOfVariable="Text")


def _cases(project: etree._Element, excerpts: pd.DataFrame, attributes: list[str]) -> None:
    people = excerpts.dropna(subset=["participant_id"])
    people = people[people["participant_id"].astype(str).str.strip() != ""]
    if people.empty:
        return
    cases = _el(project, "Cases")
    for pid, rows in people.groupby("participant_id", sort=True):
        case = _el(cases, "Case", guid=guid("case", str(pid)), name=str(pid))
        first = rows.iloc[0]
        for name in attributes:
            if pd.notna(first[name]) and str(first[name]).strip():
                value = _el(case, "VariableValue")
                _el(value, "VariableRef", targetGUID=guid("variable", name))
                _text_el(value, "TextValue", str(first[name]))
        for source_id in sorted(rows["source_id"].astype(str).unique()):
            _el(case, "SourceRef", targetGUID=guid("source", source_id))


def _notes(project: etree._Element, resolved: pd.DataFrame, when: str) -> None:
    memos = [(t, str(m)) for t, m in zip(resolved["theme_id"], resolved["memo"], strict=True)
             if str(m or "").strip()]
    if not memos:
        return
    notes = _el(project, "Notes")
    labels = dict(zip(resolved["theme_id"], resolved["label"], strict=True))
    for theme_id, memo in memos:
        note = _el(notes, "Note", guid=guid("memo", theme_id), name=f"Memo: {labels[theme_id]}",
                   creationDateTime=when)
        _text_el(note, "PlainTextContent", memo)


# -- documents ------------------------------------------------------------------------------
def project_xml(inputs: ReportInputs) -> tuple[bytes, dict[str, str]]:
    """`project.qde` and the source texts it points at (zip name -> text)."""
    when = _stamp(inputs.as_of)
    user = guid("user", "sensemaking")
    root = etree.Element(f"{{{PROJECT_NS}}}Project", nsmap={None: PROJECT_NS},
                         name=inputs.name, origin=f"sensemaking {__version__}",
                         creatingUserGUID=user, creationDateTime=when,
                         modifyingUserGUID=user, modifiedDateTime=when)
    users = _el(root, "Users")
    _el(users, "User", guid=user, name="sensemaking")
    if len(inputs.resolved) or inputs.own_codes():
        _codes(_el(root, "CodeBook"), inputs, PROJECT_NS, notes=True)
    attributes = _attributes(inputs.excerpts)
    _variables(root, attributes)
    _cases(root, inputs.excerpts, attributes)
    files = _sources(root, inputs, when)
    _notes(root, inputs.resolved, when)
    _text_el(root, "Description", f"Exported from sensemaking, themes run {inputs.run_id}. "
             "Sources are pseudonymised; codes are the team's themes and the codes they gave by hand.")
    return _serialise(root), files


def _sources(root: etree._Element, inputs: ReportInputs, when: str) -> dict[str, str]:
    sources = _el(root, "Sources")
    coded = coded_excerpts(inputs)
    files: dict[str, str] = {}
    for source_id, rows in inputs.excerpts.groupby("source_id", sort=True):
        text = inputs.source_text(str(source_id))
        source_guid = _source(sources, str(source_id), rows, text, coded, when)
        files[f"sources/{source_guid}.txt"] = text
    if not files:
        root.remove(sources)
    return files


def codebook_xml(inputs: ReportInputs) -> bytes:
    """`codebook.qdc`: the team's themes as a REFI-QDA codebook."""
    root = etree.Element(f"{{{CODEBOOK_NS}}}CodeBook", nsmap={None: CODEBOOK_NS},
                         origin=f"sensemaking {__version__}")
    _codes(root, inputs, CODEBOOK_NS, notes=False)
    return _serialise(root)


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _schema(name: str) -> etree.XMLSchema:
    path = resources.files("sensemaking.reports").joinpath("schemas").joinpath(name)
    with resources.as_file(path) as file:
        return etree.XMLSchema(etree.parse(str(file), _safe_parser()))


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def validate(xml: bytes, schema: str) -> list[str]:
    """Schema errors of a QDA-XML document ("Project.xsd" or "Codebook.xsd"); [] when valid."""
    checker = _schema(schema)
    document = etree.fromstring(xml, _safe_parser()).getroottree()
    if checker.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in checker.error_log]


def write_qdpx(inputs: ReportInputs, path: Path) -> Path:
    """Write the `.qdpx` project (validated) to `path`."""
    from .. import io

    qde, files = project_xml(inputs)
    _require_valid(qde, "Project.xsd", "project.qde")
    entries = [("project.qde", qde)] + [(n, t.encode("utf-8")) for n, t in sorted(files.items())]
    return io.write_bytes(path, zip_bytes(entries, inputs.as_of))


def write_qdc(inputs: ReportInputs, path: Path) -> Path:
    """Write the `.qdc` codebook (validated) to `path`."""
    from .. import io

    qdc = codebook_xml(inputs)
    _require_valid(qdc, "Codebook.xsd", "codebook.qdc")
    return io.write_bytes(path, qdc)


def _require_valid(xml: bytes, schema: str, what: str) -> None:
    errors = validate(xml, schema)
    if errors:
        raise StageError(f"{what} does not validate against the REFI-QDA {schema}: "
                         + "; ".join(errors[:3]) + " (please report this as a bug)")


# -- import ---------------------------------------------------------------------------------
def read_qdc(path: str | Path) -> list[dict[str, Any]]:
    """A REFI-QDA codebook as a flat list of codes, parents before children.

    Each code: `name`, `description` (may be ""), `parent` (the parent code's name or None),
    `guid`, `color` (or None). Parsed with defusedxml (no entities, no DTDs, no network),
    then checked against the shipped Codebook.xsd; ConfigError says where it is wrong.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
        root = SafeET.fromstring(data)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the codebook ({exc.strerror})") from None
    except (SafeET.ParseError, DefusedXmlException) as exc:
        raise ConfigError(f"{path}: not a well-formed, safe XML codebook ({exc}); "
                          "export it again from your QDA tool as a REFI-QDA .qdc") from None
    errors = validate(data, "Codebook.xsd")
    if errors:
        raise ConfigError(f"{path}: not a REFI-QDA codebook: {errors[0]}; "
                          "export it again from your QDA tool as a REFI-QDA .qdc")
    codes_node = root.find(f"{{{CODEBOOK_NS}}}Codes")
    out: list[dict[str, Any]] = []
    _walk(codes_node, None, out)
    return out


def codebook_entries(path: str | Path) -> list[dict[str, Any]]:
    """A `.qdc` codebook as entries for deductive coding (`sensemaking.themes.codebook`).

    Same shape as a YAML codebook's entries: `code`, `description`, `examples`. A code
    without a description is matched on its name, with its parent's name for context
    ("Money: Food"), since deductive coding needs some words to match on.
    """
    entries = []
    for code in read_qdc(path):
        words = code["name"] if not code["parent"] else f"{code['parent']}: {code['name']}"
        entries.append({"code": code["name"], "description": code["description"] or words,
                        "examples": []})
    return entries


def _walk(node: Any, parent: str | None, out: list[dict[str, Any]]) -> None:
    for code in node.findall(f"{{{CODEBOOK_NS}}}Code"):
        description = code.find(f"{{{CODEBOOK_NS}}}Description")
        name = code.get("name", "").strip()
        out.append({
            "name": name,
            "description": (description.text or "").strip() if description is not None else "",
            "parent": parent,
            "guid": code.get("guid"),
            "color": code.get("color"),
        })
        _walk(code, name, out)
