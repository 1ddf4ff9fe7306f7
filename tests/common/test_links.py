"""common.links: ``reverse_fast`` (and the ``{% url %}`` tag and ``pk_urls`` on it) writes the text ``reverse`` writes,
for every URL of the site that takes integers, whatever the integers; anything else goes through ``reverse``."""

import pytest
from django.template import Context, Engine, Template
from django.test import RequestFactory, override_settings
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse, set_script_prefix
from django.urls.converters import IntConverter
from django.urls.resolvers import RoutePattern
from hypothesis import given, settings
from hypothesis import strategies as st

from common import links
from common.links import pk_urls, reverse_fast


def _integer_urls(patterns, namespace="", converters=None):
    """(name with its namespaces, its arguments' names) of each named ``path()`` URL whose arguments are all
    ``<int:…>`` (not a ``re_path()``: its groups are no converters)."""
    for pattern in patterns:
        if not isinstance(pattern.pattern, RoutePattern):
            continue
        found = {**(converters or {}), **getattr(pattern.pattern, "converters", {})}
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _integer_urls(pattern.url_patterns, inner, found)
        elif pattern.name and all(isinstance(c, IntConverter) for c in found.values()):
            yield namespace + pattern.name, tuple(found)


INTEGER_URLS = sorted(set(_integer_urls(get_resolver().url_patterns)))


def test_the_site_has_integer_urls_to_check():
    names = {name for name, arguments in INTEGER_URLS if arguments}
    assert {"projects:detail", "funding:ledger", "monitoring:enterprise", "projects:application_new"} <= names
    assert len(names) > 50


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_every_integer_url_is_the_text_reverse_writes(data):
    name, arguments = data.draw(st.sampled_from(INTEGER_URLS))
    values = data.draw(st.lists(st.integers(0, 10**12), min_size=len(arguments), max_size=len(arguments)))
    assert reverse_fast(name, args=values) == reverse(name, args=values)
    by_name = dict(zip(arguments, values, strict=True))
    assert reverse_fast(name, kwargs=by_name) == reverse(name, kwargs=by_name)


def test_the_marker_numbers_themselves_and_zero():
    for pk in (0, 2_147_483_647, 2_147_483_646, 21_474_836_470):
        assert reverse_fast("projects:detail", args=[pk]) == reverse("projects:detail", args=[pk])


@pytest.mark.parametrize("value", ["12", -1, True, "abc"])
def test_any_other_argument_goes_through_reverse(value):
    try:
        expected = reverse("projects:detail", args=[value])
    except NoReverseMatch:
        with pytest.raises(NoReverseMatch):
            reverse_fast("projects:detail", args=[value])
    else:
        assert reverse_fast("projects:detail", args=[value]) == expected


def test_a_wrong_number_of_arguments_is_no_match_as_with_reverse():
    with pytest.raises(NoReverseMatch):
        reverse_fast("projects:detail", args=[1, 2])
    with pytest.raises(NoReverseMatch):
        reverse_fast("projects:detail")


def test_the_script_prefix_of_the_moment_is_kept():
    set_script_prefix("/dengfeng/")
    try:
        assert pk_urls("projects:detail")(5) == reverse("projects:detail", args=[5]) == "/dengfeng/projects/5/"
    finally:
        set_script_prefix("/")
    assert pk_urls("projects:detail")(5) == "/projects/5/"


def test_another_urlconf_is_another_shape():
    reverse_fast("projects:detail", args=[1])
    with override_settings(ROOT_URLCONF="tests.common.urls_elsewhere"):
        assert reverse_fast("projects:detail", args=[3]) == "/elsewhere/3/"
    assert reverse_fast("projects:detail", args=[3]) == "/projects/3/"


def test_a_changed_urlconf_setting_forgets_the_shapes():
    reverse_fast("projects:detail", args=[1])
    assert links._SHAPES
    with override_settings(ROOT_URLCONF="tests.common.urls_elsewhere"):
        assert not links._SHAPES


class TestTheUrlTag:
    """Every template's ``{% url %}`` (a builtin of the settings' engine) is ``FastURLNode``: Django's output."""

    def render(self, text, **context):
        return Template(text).render(Context(context))

    def test_it_writes_what_reverse_writes(self):
        rows = [{"pk": pk} for pk in (1, 20, 333)]
        out = self.render("{% for r in rows %}{% url 'projects:detail' r.pk %};{% endfor %}", rows=rows)
        assert out == "".join(reverse("projects:detail", args=[r["pk"]]) + ";" for r in rows)

    def test_keywords_and_as_variable(self):
        out = self.render("{% url 'funding:ledger' pk=7 as link %}[{{ link }}]")
        assert out == f"[{reverse('funding:ledger', kwargs={'pk': 7})}]"

    def test_a_missing_url_raises_unless_kept_as_a_variable(self):
        with pytest.raises(NoReverseMatch):
            self.render("{% url 'projects:detail' %}")
        assert self.render("{% url 'projects:detail' as link %}[{{ link }}]") == "[]"

    def test_it_is_escaped_as_django_escapes_it(self):
        assert self.render("{% url 'projects:list' %}") == reverse("projects:list")

    def test_the_current_app_is_the_requests(self):
        request = RequestFactory().get("/")
        request.current_app = "admin"
        out = Template("{% url 'admin:index' %}").render(Context({"request": request}))
        assert out == reverse("admin:index", current_app="admin")

    def test_a_plain_engine_has_django_s_tag(self):
        """Outside the settings (an ``Engine()`` of its own) the tag is Django's: the builtin is the settings'."""
        node = Engine().from_string("{% url 'projects:list' %}").nodelist[0]
        assert type(node).__name__ == "URLNode"
        assert type(Template("{% url 'projects:list' %}").nodelist[0]).__name__ == "FastURLNode"


@pytest.mark.parametrize(
    "name", ["projects:detail", "funding:ledger", "monitoring:enterprise", "reviews:formal_review"]
)
def test_pk_urls_writes_each_key_as_reverse_does(name):
    url = pk_urls(name)
    for pk in (0, 1, 7, 12345, 2_147_483_647, "12"):
        assert url(pk) == reverse(name, args=[pk])
