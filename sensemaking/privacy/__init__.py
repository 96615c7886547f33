"""Pseudonymisation: people and contact details out of everything ingest passes on.

    Pseudonymiser(manifest, private_dir).apply(document) -> Pseudonymised
    scrub_text(text)   pattern kinds and names needing no manifest, for text outside a project

Guaranteed: every written form of every manifest person (full name, first name, surname,
aliases, title + surname, possessives) becomes their pseudonym (P07, Organiser B,
Interviewer A), common-word names (Will, May, Hope) where the context shows a name;
emails, UK phone numbers (written or read out), UK postcodes, house-number addresses,
URLs, social handles, dates of birth, NHS, National Insurance, bank and vehicle numbers
become [EMAIL], [PHONE], [POSTCODE], [ADDRESS], [URL], [HANDLE], [DATE OF BIRTH],
[ID NUMBER]. Names of people not in the manifest are replaced when on the deny-list
(private/deny_list.txt), after a title, given by the speaker ("my name is ..."), after a
relation ("my wife Abena", "a lad called Kofi"), a known given name written
capitalised (`name_lists.given_names`), an everyday-word given name before a surname
("Jack Smith"), or found by the optional NER pass; the rest is left for a person to review
(private/privacy_review.csv).
"""

from .patterns import PLACEHOLDERS, scrub_text
from .pseudonymiser import Pseudonymised, Pseudonymiser

__all__ = ["PLACEHOLDERS", "Pseudonymised", "Pseudonymiser", "scrub_text"]
