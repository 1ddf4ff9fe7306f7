"""What the higher apps plug into the documents engine, registered in their ``AppConfig.ready()``.

An **exporter** turns a user's filtered list into one xlsx sheet: ``register_exporter(Exporter(kind="projects",
...))``. Its columns are ``documents.xlsx.Column``s, so that every export writes text as text (never a formula),
numbers and money as numbers and dates as dates.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .xlsx import Column


@dataclass(frozen=True)
class Exporter:
    kind: str
    title: str  # e.g. 项目清单: the file name and the sheet's title
    clean_params: Callable  # (dict of lists from a request) -> the filters to keep (bad values dropped)
    queryset: Callable  # (user, params) -> the rows the user may see, in order, with what the columns read joined
    # The sheet's columns; a function (params) -> columns when they depend on the filters (e.g. a call's criteria).
    columns: Sequence[Column] | Callable[[dict], Sequence[Column]]
    describe_params: Callable = lambda params: []  # (params) -> ["市、区：昆山市", …] for the export page

    def columns_for(self, params: dict) -> Sequence[Column]:
        return self.columns(params) if callable(self.columns) else self.columns


EXPORTERS: dict[str, Exporter] = {}


def register_exporter(exporter: Exporter) -> None:
    EXPORTERS[exporter.kind] = exporter


def exporter(kind: str) -> Exporter:
    return EXPORTERS[kind]
