"""The tables users see, their columns documented in one place.

Every stage writes into the project's `.sensemaking/` folder; these dictionaries are the
contract between stages, the notebooks and other tools. Each maps column -> meaning.
"""

from __future__ import annotations

EXCERPT_COLUMNS: dict[str, str] = {
    "excerpt_id": "stable id: hash of the source's content hash and the excerpt's span in its "
    "original text; unchanged when other files are added or pseudonyms renumbered",
    "source_id": "pseudonymised source name (no real names), e.g. interviews/northfield/Interview_P01.txt",
    "source_type": "file format: txt, md, docx, vtt, srt, csv, xlsx, pdf",
    "source_kind": "interview, conversation (a group chat), notes, survey or document",
    "participant_id": "pseudonym of the speaker or respondent (P01, ...); empty for notes and documents",
    "speaker_role": "participant, respondent or author (interviewers' turns are context, not excerpts)",
    "author": "pseudonym of a note's author (Organiser A, ...); empty for interviews",
    "line_start": "first line in the source file (txt, md, vtt, srt), paragraph (docx: body "
    "paragraphs and table rows, in order) or row (csv, xlsx: the header is row 1); empty for pdf",
    "line_end": "last line in the source file, else empty",
    "page": "page number (pdf), else empty",
    "t_start": "start time in seconds (timed transcripts), else empty",
    "t_end": "end time in seconds, else empty",
    "char_start": "offset into the stored pseudonymised text .sensemaking/sources/<source_id>.txt",
    "char_end": "end offset (exclusive) into the same text",
    "text": "the pseudonymised excerpt text",
    "role": "participant's role from the manifest (resident, partner, staff, organiser, ...)",
    "area": "area from the manifest, or from a notes/survey column",
    "date": "ISO date of the note, answer or interview (data/sources.csv or front matter)",
    "quote_ok": "False when the manifest says quote_ok = no: counted, never quoted",
}
"""Further manifest attributes (age_band, ...) and notes/survey columns follow as extra columns."""

ASSIGNMENT_COLUMNS: dict[str, str] = {
    "excerpt_id": "the excerpt",
    "theme_id": "its primary model theme; -1 where no theme fits",
    "probability": "strength of the assignment in [0, 1]",
}

THEME_FIELDS: dict[str, str] = {
    "theme_id": "model theme id (int, stable only within one run)",
    "label": "2-5 word label occurring word for word in its excerpts",
    "keywords": "list of distinctive terms",
    "size": "number of excerpts",
    "participants": "number of distinct units (sensemaking.units): participants, else one per "
    "note, else per document",
    "participant_ids": "list of participant pseudonyms",
    "authors": "list of note authors' pseudonyms (notes count by note; authors shown)",
    "sources": "list of source_ids",
    "quotes": "list of {excerpt_id, text, participant_id}, central and diverse",
    "breakdown": "{attribute: {value: count of units}} for area, role, source_kind, ...",
    "stability": "best-match Jaccard of members across bootstrap refits, 0-1",
    "tentative": "true when stability is below the threshold in settings",
    "parent": "id of the merge node (hierarchy.json) it first joins, or null",
    "run_id": "the themes run it comes from (run.json)",
}

SURPRISE_FIELDS: dict[str, str] = {
    "rank": "1 = look at this first",
    "kind": "group_contrast, distinctive_language, lone_voice, trend, expectation, dissent, missing",
    "score": "ranking score (documented in surprises.py)",
    "explanation": "one sentence in plain English with the numbers behind it",
    "test": "the statistics behind it (test, p and q), empty where none was run",
    "question": "a question for the workshop",
    "theme_id": "model theme id or null",
    "theme_label": "the model theme's label as the sentences name it (read from themes.json, not stored)",
    "group": "{attribute, value} or null",
    "evidence": "list of excerpt ids",
    "run_id": "the themes run it was computed from",
    "counts": "the numbers behind the claim (e.g. group_raised, group_units, rest_raised, rest_units)",
    "effect": "group contrast and trend: difference in shares (group - rest, latest - earliest third)",
    "p_value": "group contrast and trend: the test's p-value (Fisher's exact, Mann-Whitney on dates)",
    "q_value": "group contrast and trend: Benjamini-Hochberg q-value over the pairs/themes tested",
    "voices": "independent voices behind the claim (participants; notes count by author), or null",
    "details": "kind-specific extras: expectation verdict, dissent sides, distinctive terms, by_month",
}

RESOLVED_THEME_COLUMNS: dict[str, str] = {
    "theme_id": "the team's theme id (T01, ...), stable across re-runs; never given to another theme",
    "label": "the team's label, or the model's where the team has not renamed it",
    "status": "candidate, agreed or parked",
    "memo": "the team's latest memo, or empty",
    "excerpt_ids": "list of member excerpt ids after the team's moves, merges and splits, "
    "plus excerpts coded to the theme by hand",
    "size": "number of member excerpts",
    "participants": "number of distinct units: participants, else one per note, else per document",
    "participant_ids": "list of participant pseudonyms",
    "authors": "list of note authors' pseudonyms (one author's notes are not many voices)",
    "areas": "{area: units}",
    "roles": "{role: units}",
    "stability": "model stability of the themes it came from (min), or null for themes the "
    "team made",
    "tentative": "true when the model themes behind it are unstable",
    "model_theme_ids": "model theme ids of the current run it corresponds to",
    "keywords": "distinctive terms of those model themes",
    "quotes": "up to 8 {excerpt_id, text, participant_id, source_id}, the model's central and "
    "diverse quotes first; never from quote_ok = no or withdrawn participants",
    "votes": "dot votes, summed",
    "tags": "list of the team's tags",
    "flags": "times the team flagged it as surprising",
    "decided": "true once the team has acted on it (it then keeps its members across runs)",
    "origin": "model, split (by the team) or create (raised by people, e.g. in a workshop)",
    "run_id": "themes run it was resolved against",
}

MEMBERSHIP_COLUMNS: dict[str, str] = {
    "excerpt_id": "the excerpt (every excerpt of the run, withdrawn participants excluded)",
    "theme_id": "team theme id, or empty when it has no theme",
    "label": "that theme's label",
    "primary": "true for its one primary theme; false for themes it was coded to by hand",
    "how": "model, moved, split, merged, created, coded or unassigned",
    "run_id": "themes run it was resolved against",
}

ANNOTATION_EVENT_COLUMNS: dict[str, str] = {
    "event_id": "UUID of the event",
    "time": "UTC time it was written (ISO 8601)",
    "author": "who decided",
    "kind": "run, rename, merge, split, create, move, code, uncode, memo, tag, vote, status, "
    "flag or undo",
    "theme": "team theme id it acts on (or the target: theme, excerpt or surprise key)",
    "detail": "the decision's fields as JSON (label, excerpt ids, text, value, ...)",
    "reason": "why, in the author's words",
    "run_id": "themes run it was made against",
    "in_force": "false once undone",
    "what": "the decision in words, as `sensemaking annotate history` says it",
}
