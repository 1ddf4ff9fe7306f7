"""The project page shows each phase's panel through the registry, without importing the phase apps."""

import pytest
from django.urls import reverse

from projects import panels
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(panels, "PANELS", dict(panels.PANELS))
    return panels


def test_a_registered_panel_is_shown_where_its_context_says_so(client, registry, project, tmp_path, settings):
    (tmp_path / "probe.html").write_text("<div data-testid='probe'>{{ word }}</div>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    registry.register_panel(registry.Panel("probe", "probe.html", lambda user, p: {"word": "探针面板"}, registry.SIDE))
    client.force_login(factories.BureauFactory())
    assert "探针面板" in client.get(reverse("projects:detail", args=[project.pk])).content.decode()


def test_a_panel_whose_context_is_none_is_hidden(client, registry, project, tmp_path, settings):
    (tmp_path / "probe.html").write_text("<div>看不见的面板</div>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    registry.register_panel(registry.Panel("probe", "probe.html", lambda user, p: None, registry.MAIN))
    client.force_login(factories.BureauFactory())
    assert "看不见的面板" not in client.get(reverse("projects:detail", args=[project.pk])).content.decode()


def test_the_phase_apps_register_their_panels():
    assert {"formal_reviews", "experts", "return", "tranches"} <= set(panels.PANELS)


def test_a_panel_sees_what_a_template_rendered_with_the_request_sees(client, registry, project, tmp_path, settings):
    """The context processors' values (the user, the CSRF token of its forms) are there, made once per request."""
    (tmp_path / "probe.html").write_text("<form>{% csrf_token %}<i data-who='{{ user.username }}'></i></form>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    registry.register_panel(registry.Panel("probe", "probe.html", lambda user, p: {}, registry.SIDE))
    registry.register_panel(registry.Panel("probe2", "probe.html", lambda user, p: {}, registry.MAIN))
    bureau = factories.BureauFactory(username="probe-bureau")
    client.force_login(bureau)
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert page.count("data-who='probe-bureau'") == 2
    assert page.count('name="csrfmiddlewaretoken"') >= 2
