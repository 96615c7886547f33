"""Caption files: voice tags, Name: prefixes, merged turns, speakerless captions."""

from __future__ import annotations

import itertools

import pytest

from sensemaking.errors import InputError
from sensemaking.ingest import subtitles
from sensemaking.ingest.base import IngestWarning, ReadOptions


def read(content: str, path: str = "t.vtt"):
    return subtitles.read(content.encode("utf-8"), path, ReadOptions())


def spoken(doc):
    return [(t.speaker, doc.text[t.char_start:t.char_end], t.t_start, t.t_end) for t in doc.turns]


VOICES = """WEBVTT

00:00:01.000 --> 00:00:03.000
<v Helen>How long have you

00:00:03.000 --> 00:00:04.500
<v Helen>lived here?

00:00:05.000 --> 00:00:07.000
<v.loud Sarah Whitfield>All my life, <i>love</i>.

00:00:07.200 --> 00:00:08.000
<v Helen>Right.</v>
"""


def test_voice_tags_and_consecutive_cues_merged():
    assert spoken(read(VOICES)) == [
        ("Helen", "How long have you lived here?", 1.0, 4.5),
        ("Sarah Whitfield", "All my life, love.", 5.0, 7.0),
        ("Helen", "Right.", 7.2, 8.0),
    ]


def test_turns_keep_their_lines_in_the_caption_file():
    assert [(t.line_start, t.line_end) for t in read(VOICES).turns] == [(4, 7), (10, 10), (13, 13)]
    assert [(t.line_start, t.line_end) for t in read(SRT, "t.srt").turns] == [(3, 7), (11, 11),
                                                                            (15, 15)]


def test_text_is_a_readable_transcript_indexed_by_spans():
    doc = read(VOICES)
    assert doc.text.splitlines()[0] == "[00:00:01] Helen: How long have you lived here?"
    assert doc.source_type == "vtt" and doc.source_kind == "interview"


SRT = """1
00:00:02,709 --> 00:00:11,352
Luke: OK, it's recording.

2
00:00:11,673 --> 00:00:21,955
Nobody's checking up on you.

3
00:00:32,111 --> 00:00:36,005
Farid: Yes. This is OK.

4
00:00:36,782 --> 00:00:39,785
Luke: Thank you.
"""


def test_srt_name_prefixes_continue_over_unlabelled_cues():
    assert spoken(read(SRT, "t.srt")) == [
        ("Luke", "OK, it's recording. Nobody's checking up on you.", 2.709, 21.955),
        ("Farid", "Yes. This is OK.", 32.111, 36.005),
        ("Luke", "Thank you.", 36.782, 39.785),
    ]


def test_srt_styling_and_position_codes_are_not_words():
    srt = ("1\n00:00:01,000 --> 00:00:04,000\n<font color=\"#ffff00\">Helen:</font> How long here?\n\n"
           "2\n00:00:05,000 --> 00:00:09,000\n<i>Sarah:</i> All my life, <b>honestly</b>.\n\n"
           "3\n00:00:10,000 --> 00:00:12,000\n{\\an8}Helen: And the hub?\n\n"
           "4\n00:00:13,000 --> 00:00:15,000\nSarah: Love it.\n")
    assert [(s, t) for s, t, *_ in spoken(read(srt, "t.srt"))] == [
        ("Helen", "How long here?"), ("Sarah", "All my life, honestly."), ("Helen", "And the hub?"),
        ("Sarah", "Love it.")]


def test_transcriber_tags_and_entities():
    doc = read("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v DOCTOR><UNSURE>Hello</UNSURE> "
               "&amp; <UNIN/> welcome\n\n00:00:03.000 --> 00:00:04.000\n<v PATIENT><UNIN/>\n\n"
               "00:00:04.000 --> 00:00:04.500\n<v DOCTOR><UNIN/>\n\n"
               "00:00:05.000 --> 00:00:06.000\n<v PATIENT>Hi.\n")
    assert [(s, t) for s, t, *_ in spoken(doc)] == [("DOCTOR", "Hello & [inaudible] welcome"),
                                                   ("PATIENT", "Hi.")]


def test_captions_without_speakers_become_paragraphs():
    cues = "".join(f"00:00:{i:02d}.000 --> 00:00:{i:02d}.900\nword number {i}\n\n" for i in range(10))
    cues += "00:00:30.000 --> 00:00:31.000\n>> good morning\n\n"
    cues += "00:00:31.000 --> 00:00:32.000\neveryone.\n\n"
    cues += "00:00:32.000 --> 00:00:33.000\n>> present.\n"
    turns = spoken(read("WEBVTT\n\n" + cues))
    assert [t[0] for t in turns] == [None, None, None]
    assert turns[0][1].startswith("word number 0") and turns[0][1].endswith("word number 9")
    assert turns[1][1:] == ("good morning everyone.", 30.0, 32.0)
    assert turns[2][1] == "present."


def test_long_speakerless_runs_are_split_at_sentence_ends():
    cue = "this is one sentence of about ten words in all.\n\n"
    cues = "".join(f"00:00:{i:02d}.000 --> 00:00:{i:02d}.900\n{cue}" for i in range(30))
    turns = spoken(read("WEBVTT\n\n" + cues))
    assert len(turns) > 1
    assert all(len(t[1].split()) <= subtitles.PARAGRAPH_WORDS + 10 for t in turns)


@pytest.mark.parametrize("content", ["WEBVTT\n\n", "just some words\nno timing at all\n",
                                     "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v A>[inaudible]\n"])
def test_no_captions_is_an_input_error(content):
    with pytest.raises(InputError, match="caption"):
        read(content)


def test_primock_vtt_and_srt_agree(shared_data):
    folder = shared_data / "transcripts" / "primock57" / "collated"
    for stem in sorted(p.stem for p in folder.glob("*.vtt"))[:5]:
        vtt = subtitles.read((folder / f"{stem}.vtt").read_bytes(), f"{stem}.vtt", ReadOptions())
        srt = subtitles.read((folder / f"{stem}.srt").read_bytes(), f"{stem}.srt", ReadOptions())
        assert {t.speaker for t in vtt.turns} == {"DOCTOR", "PATIENT"}
        assert [(t.speaker, t.t_start, t.t_end) for t in vtt.turns] == \
            [(t.speaker, t.t_start, t.t_end) for t in srt.turns]
        assert "<UNSURE>" not in vtt.text and "<UNIN" not in vtt.text
        speakers = [t.speaker for t in vtt.turns]
        assert all(a != b for a, b in itertools.pairwise(speakers))


def test_council_captions_have_no_speakers(shared_data):
    for path in sorted((shared_data / "transcripts" / "council_captions").glob("*.vtt")):
        doc = subtitles.read(path.read_bytes(), path.name, ReadOptions())
        assert doc.turns and all(t.speaker is None for t in doc.turns)
        assert all(t.t_end >= t.t_start for t in doc.turns)
        assert "&gt;" not in doc.text


def test_timing_lines_typed_wrong_are_mended_or_named():
    # The caption parser dropped a cue with a short arrow or a comma in a .vtt, and joined an
    # .srt cue whose number is not a number to the cue before (its label and all).
    vtt = ("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Helen>So tell me about the hub.\n\n"
           "00:00:05.000 -> 00:00:09.000\n<v Rose>The cafe on Tuesdays keeps me going.\n\n"
           "00:00:12,000 --> 00:00:14,000\n<v Helen>And the bus?\n\n"
           "00:0x:15.000 --> 00:00:19.000\n<v Rose>Lost, this one.\n")
    with pytest.warns(IngestWarning, match=r"^line 12: a caption timing line that cannot be read"):
        doc = subtitles.read(vtt.encode(), "a.vtt", ReadOptions())
    assert [(t.speaker, doc.text[t.char_start:t.char_end]) for t in doc.turns] == [
        ("Helen", "So tell me about the hub."), ("Rose", "The cafe on Tuesdays keeps me going."),
        ("Helen", "And the bus?")]
    srt = ("1\n00:00:01,000 --> 00:00:05,000\nHELEN: So tell me about the hub.\n\n"
           "abc\n00:00:30,000 --> 00:00:35,000\nROSE: I walk forty minutes in the rain.\n")
    doc = subtitles.read(srt.encode(), "b.srt", ReadOptions(known_labels=frozenset({"helen", "rose"})))
    assert [t.t_start for t in doc.turns] == [1.0, 30.0]
    assert "00:00:30" not in doc.text.split("\n")[0]


def test_cue_identifiers_and_notes_are_not_read():
    """A cue's identifier ("Gwen Pryce intro", in an .srt where only a number belongs)
    and a .vtt's NOTE blocks are the transcriber's, not what was said; an .srt identifier
    of more than two words was read as the words of the cue before, timing line and all."""
    srt = ("1\n00:00:01,000 --> 00:00:05,000\nHELEN: So tell me about the hub.\n\n"
           "Gwen Pryce intro cue\n00:00:30,000 --> 00:00:35,000\nROSE: I walk forty minutes in the rain.\n")
    doc = subtitles.read(srt.encode(), "b.srt", ReadOptions(known_labels=frozenset({"helen", "rose"})))
    assert [(t.speaker, doc.text[t.char_start:t.char_end]) for t in doc.turns] == [
        ("HELEN", "So tell me about the hub."), ("ROSE", "I walk forty minutes in the rain.")]
    vtt = ("WEBVTT\n\nNOTE recorded at Gwen Pryce's, 07700 900471\n\nGwen Pryce intro cue\n"
           "00:00:01.000 --> 00:00:04.000\n<v Helen>So tell me about the hub.\n\nNOTE\nask Gwen Pryce\n\n"
           "00:00:05.000 --> 00:00:09.000\n<v Rose>The cafe on Tuesdays keeps me going.\n")
    doc = subtitles.read(vtt.encode(), "a.vtt", ReadOptions())
    assert "Gwen" not in doc.text and "9004" not in doc.text


def test_a_caption_time_past_59_is_carried_over_and_said():
    """"00:00:61.000" or "00:99:00.000": the caption parser dropped the cue, and its words,
    without a word; other timing lines it cannot read are named by line."""
    content = ("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nSarah: The bus is late.\n\n"
               "00:00:61.000 --> 00:00:65.000\nSarah: Every single day.\n\n"
               "00:99:00.000 --> 00:99:05.000\nSarah: Since June.\n")
    with pytest.warns(IngestWarning, match=r"line 6, 9: a caption time with 60 or more"):
        doc = subtitles.read(content.encode(), "a.vtt", ReadOptions())
    assert "Every single day." in doc.text and "Since June." in doc.text


def test_a_webvtt_file_saved_as_srt_is_read():
    """Its "WEBVTT" first line had the whole file skipped as holding no SRT captions."""
    content = ("WEBVTT\n\n1\n00:00:01,000 --> 00:00:04,000\nSarah: The bus is late.\n\n"
               "2\n00:00:05,000 --> 00:00:08,000\nSarah: Every day.\n")
    doc = subtitles.read(content.encode(), "a.srt", ReadOptions())
    assert "The bus is late." in doc.text and "Every day." in doc.text
