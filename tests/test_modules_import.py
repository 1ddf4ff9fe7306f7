"""Every module of the project imports: a Celery worker autodiscovers each app's ``tasks`` module, and a module
that no test happens to import would otherwise fail only in production."""

import importlib
import pkgutil

import pytest

ROOMS = ["common", "accounts", "activity", "documents", "directory", "projects", "reviews", "funding", "dashboard"]


def _modules():
    for room in ROOMS:
        package = importlib.import_module(room)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{room}."):
            if ".migrations" not in info.name:
                yield info.name


@pytest.mark.parametrize("name", sorted(_modules()))
def test_module_imports(name):
    importlib.import_module(name)
