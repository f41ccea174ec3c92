"""The comparison schema: facts grouped across documents, each group labelled and explained.

Stable like the claim schema: ``COMPARE_SCHEMA_VERSION`` changes when a field changes meaning.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from claimex.core.schema import Qualifier, SchemaModel, Span, SpeakerType

# 1.1: FactGroup.current and current_reason (the group's current figure, made explicit) and
# Mention.scope (whether a casualty count includes the shooter); 1.0 records read unchanged.
# 1.2: DocumentInfo.warnings (figures kept out of the event's groups, and why); casualty groups of
# other incidents ("people killed in other incidents"); Role.PART and the total of coordinated
# parts ("three children and two adults" is 5); 1.0 and 1.1 records read unchanged.
COMPARE_SCHEMA_VERSION = "1.2"


def short_name(doc_id: str) -> str:
    """A document's file name without its directories, for tables and reasons."""
    return doc_id.rsplit("/", 1)[-1]


class Label(StrEnum):
    """How the sources of one fact relate to each other."""

    AGREE = "agree"  # the same value (or the same statement) in every source
    CONFLICT = "conflict"  # values that cannot both be true, with nothing saying one is newer
    REFINE = "refine"  # compatible values, one more precise or in another measure
    REVISE = "revise"  # a figure changed over time: a revision cue or a later report
    SINGLE_SOURCE = "single-source"  # only one document states it


class Role(StrEnum):
    """What a figure is within its own sentence."""

    CURRENT = "current"
    PREVIOUS = "previous"  # "revised up from 14": an earlier figure the text replaces
    UPDATED = "updated"  # "bringing the death toll to at least 21": the figure after a change
    INCREMENT = "increment"  # "seven additional members": a change, not a total
    PART = "part"  # "including two children", "three children and two adults": part of a total


class Scope(StrEnum):
    """Whom a casualty count covers, where the text says so."""

    WITH_SHOOTER = "with-shooter"  # "three dead, including the gunman", "a murder-suicide"
    VICTIMS = "victims"  # "killed two people before turning the gun on himself"


class Mention(SchemaModel):
    """One source's statement of a fact: who says it, in which words, where."""

    doc_id: str
    claim_id: str
    claim_text: str
    evidence: Span | None = Field(default=None, description="the quantity, else the claim's span")
    value: float | None = None
    qualifier: Qualifier | None = None
    quantity_text: str | None = None
    unit: str | None = None
    role: Role = Role.CURRENT
    speaker: str | None = Field(default=None, description="None: the article's own voice")
    speaker_type: SpeakerType = SpeakerType.ARTICLE
    cue: str | None = None
    via: list[str] = Field(default_factory=list)
    report_time: dt.date | None = None
    scope: Scope | None = Field(
        default=None, description="for casualty counts: whether the shooter is counted"
    )

    @property
    def who(self) -> str:
        """'the governor via the report', '(it was reported)', 'the article'."""
        who = self.speaker or (f"({self.cue})" if self.cue else "the article")
        return who + "".join(f" via {v}" for v in self.via)


class FactGroup(SchemaModel):
    id: str
    kind: str = Field(description="quantity or statement")
    fact: str = Field(description="what the group is about: 'people killed', or the first claim")
    label: Label
    summary: str = Field(description="one line: '14 → at least 21', 'four in 3 sources'")
    reasons: list[str] = Field(description="why these mentions were grouped, why this label")
    sources: list[str] = Field(description="documents, in the order they were given")
    mentions: list[Mention]
    current: int | None = Field(
        default=None,
        description="index in mentions of the figure that stands now (figures only): the latest "
        "report's, a revision's new value before its old one",
    )
    current_reason: str | None = Field(default=None, description="why that mention is current")

    @property
    def current_mention(self) -> Mention | None:
        return self.mentions[self.current] if self.current is not None else None


class DocumentInfo(SchemaModel):
    doc_id: str
    claims: int = 0
    report_time: dt.date | None = None
    report_time_basis: str | None = Field(
        default=None, description="'given', or the text the time was inferred from"
    )
    error: str | None = None
    warnings: list[str] = Field(
        default_factory=list,
        description="what compare kept out of this event's figures (round-ups of other incidents)",
    )


class Comparison(SchemaModel):
    schema_version: str = COMPARE_SCHEMA_VERSION
    documents: list[DocumentInfo]
    groups: list[FactGroup]

    def by_label(self, label: Label | str) -> list[FactGroup]:
        return [g for g in self.groups if g.label == label]
