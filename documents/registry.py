"""What the higher apps plug into the documents engine, registered in their ``AppConfig.ready()``.

An **exporter** turns a user's filtered list into rows: ``register_exporter(Exporter(kind="projects", ...))``.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Exporter:
    kind: str
    title: str  # e.g. 项目清单: the file name and the sheet's title
    clean_params: Callable  # (dict of lists from a request) -> the filters to keep (bad values dropped)
    queryset: Callable  # (user, params) -> the rows the user may see, in order
    resource: Callable  # () -> an import-export Resource that turns rows into a tablib Dataset
    describe_params: Callable = lambda params: []  # (params) -> ["市、区：昆山市", …] for the export page


EXPORTERS: dict[str, Exporter] = {}


def register_exporter(exporter: Exporter) -> None:
    EXPORTERS[exporter.kind] = exporter


def exporter(kind: str) -> Exporter:
    return EXPORTERS[kind]
