import pytest

from tests.lifecycle import Actors, road_to, walk


@pytest.fixture
def actors(project):
    return Actors(project)


@pytest.fixture
def under_way(project, actors):
    """``project`` issued and under way today (the call has no fixed mid-term dates: 12 months on, 60 days)."""
    walk(project, road_to("submit_midterm_report"), actors)
    project.refresh_from_db()
    return project


def walk_to(project, actors, step):
    """The main road up to ``step`` (exclusive), by the road's own means."""
    walk(project, road_to(step), actors)
    project.refresh_from_db()
    return project
