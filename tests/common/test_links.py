"""common.links.pk_urls: a table's ``<int:pk>`` URLs reversed once, the same as ``reverse`` for every key."""

from django.urls import reverse, set_script_prefix

from common.links import pk_urls


def test_each_key_gets_the_url_reverse_gives_it():
    for name in ("projects:detail", "funding:ledger", "monitoring:enterprise", "notices:public_notice"):
        url = pk_urls(name)
        assert [url(pk) for pk in (1, 7, 12345, 2_147_483_647)] == [
            reverse(name, args=[pk]) for pk in (1, 7, 12345, 2_147_483_647)
        ]


def test_the_script_prefix_of_the_moment_is_kept():
    set_script_prefix("/dengfeng/")
    try:
        assert pk_urls("projects:detail")(5) == reverse("projects:detail", args=[5]) == "/dengfeng/projects/5/"
    finally:
        set_script_prefix("/")
