"""Reads that one page shares: while ``shared_reads(project)`` is open (the project page, for one request), each
``once(project, key, read)`` runs ``read`` the first time and hands back its answer after that, so that a rule
check, its Chinese reason and a panel that want the same rows read them once. Outside that block ``once`` reads
every time: a service that changes the rows between two checks never sees a stale answer.
"""

from contextlib import contextmanager

_MEMO = "_shared_reads"


def once(project, key, read):
    """``read()``, once per ``key`` while the project's reads are shared; every time otherwise."""
    memo = project.__dict__.get(_MEMO)
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]


@contextmanager
def shared_reads(project):
    """Share the reads of ``project`` (``once``) until the block ends; nothing is kept after it."""
    if _MEMO in project.__dict__:  # already shared by an outer block: that block ends it
        yield project
        return
    project.__dict__[_MEMO] = {}
    try:
        yield project
    finally:
        project.__dict__.pop(_MEMO, None)
