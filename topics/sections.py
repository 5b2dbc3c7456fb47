"""The topic page is made of sections, one per stage, each registered by the app that owns
the stage's records: its template, the column it sits in, and what it reads, so that the page
loads everything in a constant number of queries without topics importing those apps."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    template: str
    order: int
    column: str = "main"  # or "side"
    select_related: tuple[str, ...] = ()
    prefetch: Callable = lambda user: ()  # lookups (strings or Prefetch) for the user


_sections: list[Section] = []


def register(section: Section) -> None:
    _sections.append(section)
    _sections.sort(key=lambda registered: registered.order)


def sections() -> list[Section]:
    return list(_sections)
