"""Every sentence the report says about itself, written once for HTML, PDF and DOCX.

The renderers lay these out (a caption here, a muted note there) but never word them, so a
partner reading the Word file gets the same caveats, limits and explanations as one reading
the PDF.

    say = report_sentences(content)
    say["limits"]    # the privacy caveat every format prints
"""

from __future__ import annotations

from typing import Any

from ..disclosure import is_suppressed
from ..wording import plural

LIMITS = ("Names not on the participant list, nicknames and unusual spellings can slip "
          "through, and details that identify in combination (a job, a street, an event) are "
          "not removed automatically. The team should read quotes before sharing this report "
          "beyond its partners.")
CHART_NOTES = {
    "areas": ("Voices per area; cells of fewer than {k} are hidden to protect people, and “*” one "
              "more where the rest of its row would tell them."),
    "saturation": "When the line flattens, further interviews of the same kind added few new themes.",
    "time": "Share of each month’s voices that raised the theme; months with few voices swing widely.",
}


def report_sentences(content: dict[str, Any]) -> dict[str, Any]:
    """The report's own sentences for `content` (as `build_content` assembles it), by the
    place they go: cover, summary, a theme's page, the later chapters and the method."""
    k, o, m = content["k"], content["overview"], content["method"]
    agreed = content["agreed_only"]
    n = len(content["themes"])
    return {
        "draft": _draft(content) if content["draft"] else "",
        "summary_lead": (
            (f"The team agreed {plural(n, 'theme')}" if agreed else f"The tool proposed {plural(n, 'candidate theme')}")
            + (f" from what {plural(o['participants'], 'person', 'people')} said and wrote" if o["participants"]
               else f" from {plural(o['excerpts'], 'excerpt')}")  # captions or documents: no one person
            + f", in {plural(o['sources'], 'source')}. "
            + (f"The most widely raised was “{content['themes'][0]['label']}”, by "
               f"{_voices(content['themes'][0]['voices'], k)}." if n else "")),
        "summary_caption": (f"{'Agreed' if agreed else 'Candidate'} themes, most voices first. A voice is one "
                            "participant, one organiser note or one document."),
        "no_themes": "No themes yet: run the themes step, then review them in the workspace.",
        "other_themes": "Not reported in detail here: still being discussed, or set aside by the team.",
        "facts": {t["theme_id"]: _facts(t, k) for t in content["themes"]},
        "raised_in_room": "Raised by people in a workshop; no excerpts are linked to it yet",
        "who_not_recorded": "Not broken down: no area, age band or role is recorded for the people heard.",
        "few_voices": (f"Not broken down: fewer than {k} voices, so a breakdown would show where each "
                       "of them is from."),
        "tentative": ("the model grouped these excerpts differently when refitted on "
                      "resampled data; treat this theme with care."),
        "team_summary": "The team’s summary",
        "machine_drafted": ("Machine-drafted: sentences picked by the tool from what different people "
                            "said. The team has not written its own summary yet."),
        "nothing_quotable": "Nothing can be quoted for this theme.",
        "counts": (f"Counts of voices; fewer than {k} are shown as “<{k}” to protect people, and "
                   "“*” one more where the others would tell them."),
        "chart_notes": {key: note.format(k=k) for key, note in CHART_NOTES.items()},
        "no_charts": "No charts: there are no themes to show yet.",
        "surprises": ("Things the tool flagged for a closer look, strongest first. They are "
                      "prompts for discussion, not conclusions."
                      + _shown_of(len(content["surprises"]), content["surprises_ranked"])),
        "no_surprises": ("No surprises passed the bar in this run; who was heard, and who not, is in the next section."
                         if content["missing"]["items"] else "No surprises were found, or the surprises step has not run."),
        "missing": ("Who we heard from, against who the programme serves. A gap is a question "
                    "about how the listening was done, not a finding about the group."),
        "coverage": ("Voices heard by group (each person once, each note once), against the "
                     "population’s shares."),
        "no_coverage": "No population shares are set in sensemaking.toml, so coverage cannot be compared.",
        "decisions": _decisions(content["decisions"]),
        "skipped": (f"{plural(m['skipped'], 'file was', 'files were')} skipped because they could not be "
                    "read; the ingest report lists them." if m["skipped"] else ""),
        "context": ("Interviewers’ questions were kept as context only. Each participant’s turns were "
                    "cut into excerpts of a few sentences; each excerpt keeps a link to its source, "
                    "line or time, and its pseudonymised speaker."),
        "protection": _protection(m),
        "limits": LIMITS,
        "how_found": ("Excerpts were turned into numeric representations of their meaning, grouped "
                      "by similarity, and each group labelled with words its excerpts use. The team "
                      "then reviewed the groups: renaming, merging, splitting and agreeing them."),
        "stability": _stability(m["stability"]),
    }


def _shown_of(shown: int, ranked: int) -> str:
    """" The 8 strongest of the 13 the tool ranked." when some are left out, else ""."""
    return f" Here, the {shown} strongest of the {ranked} the tool ranked." if ranked > shown else ""


def _voices(voices: int, k: int) -> str:
    """"12 voices", or "fewer than 5 voices" where the table beside it shows "<5"."""
    return f"fewer than {k} voices" if is_suppressed(voices, k) else plural(voices, "voice")


def _facts(t: dict[str, Any], k: int) -> str:
    """A theme's figures under its heading: voices (people and notes), excerpts, stability.
    Voices under k are "<k voices", as on the boards; when only the participants or only
    the notes are under k, the voices are given without the split, which would show them
    by subtraction."""
    stability = f" · stability {t['stability']:.2f}" if t["stability"] is not None else ""
    tail = f" · {plural(t['excerpts'], 'excerpt')}{stability}"
    if is_suppressed(t["voices"], k):
        return f"<{k} voices{tail}"
    if is_suppressed(t["people"], k):
        return f"{plural(t['voices'], 'voice')}: fewer than {k} participants and some notes or documents{tail}"
    if is_suppressed(t["other_units"], k):
        return f"{plural(t['voices'], 'voice')}: some participants and fewer than {k} notes or documents{tail}"
    others = (f" and {plural(t['other_units'], 'note or document', 'notes or documents')}"
              if t["other_units"] else "")
    return f"{plural(t['voices'], 'voice')}: {plural(t['people'], 'participant')}{others}{tail}"


def _draft(content: dict[str, Any]) -> str:
    o = content["overview"]
    if content["agreed_only"]:
        return (f"The team has agreed {plural(o['agreed'], 'theme')}; "
                f"{plural(o['candidate'], 'more is', 'more are')} still under discussion, so this report may change.")
    return "The team has not yet agreed any theme: everything below is the tool’s proposal, for discussion."


def _decisions(d: dict[str, Any]) -> str:
    if not d["items"] and not d["other"]:
        return "The team has not recorded any decisions yet: the themes are the tool’s proposals."
    return (f"The tool proposes; the team decides. {plural(d['authors'], 'person', 'people')} reviewed "
            "the themes. Every decision is kept in the project’s annotation log.")


def _protection(m: dict[str, Any]) -> str:
    replaced = ", ".join(f"{r['kind']} {r['count']}" for r in m["privacy"])
    return ("Before any analysis, names of people on the participant list were replaced by pseudonyms "
            "(such as P01), other people’s names by [NAME], and emails, phone numbers, postcodes, "
            "street addresses, dates of birth and NHS, National Insurance, bank and vehicle numbers "
            "by placeholders such as [PHONE]. "
            + (f"Replacements made: {replaced}. " if replaced else "")
            + f"Quotes show a pseudonym with at most the attributes shared by at least {m['k']} people; "
            f"counts under {m['k']} are hidden; people who asked not to be quoted are counted but never quoted.")


def _stability(s: dict[str, Any]) -> str:
    if s["mean"] is None:
        return ""
    return (f"Refitting on resampled data, the themes in this report kept on average {100 * s['mean']:.0f}% "
            f"of their members (lowest {100 * s['min']:.0f}%). "
            + (f"{plural(s['tentative'], 'theme is', 'themes are')} marked tentative: the grouping changed "
               "noticeably between refits." if s["tentative"] else "No theme in this report is marked tentative."))
