"""``make bench``: the production settings as deployed, plus the demo room whose data the city-size set grows
from (benchmarks/city.py). Never for a real site: the demo accounts have public passwords."""

from .production import *  # noqa: F403
from .production import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
