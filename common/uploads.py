"""Uploads kept between a preview and its confirm (the patent list, the bulk enterprise import).

Every preview stores its file under a new random token, remembered in the session as a small dict
token → {stored file name, kind, owner, when}; the confirm form carries the token in a hidden field and confirms
exactly that file. So a preview opened in a second browser tab never replaces the file the first tab confirms.
A token is claimed (taken out of the session, which is saved at once) before its file is read, so it confirms
once; an unknown, expired or foreign token (another kind, another project) gives nothing. Files live under
``imports/<user id>/``, where the beat task ``documents.purge_old_files`` drops those abandoned for a day.
"""

import secrets
import time
import uuid
from contextlib import contextmanager

from django.core.files.storage import default_storage

SESSION_KEY = "staged_uploads"
MAX_AGE_SECONDS = 24 * 3600  # as long as the purge task keeps an abandoned upload
MAX_PER_SESSION = 10  # previews kept per session; the oldest are dropped with their files
EXPIRED = "上传的文件已失效，请重新上传。"


def _staged(request) -> dict:
    return dict(request.session.get(SESSION_KEY) or {})


def _drop(entries: dict, tokens) -> None:
    for token in tokens:
        entry = entries.pop(token, None)
        if entry:
            default_storage.delete(entry["name"])


def stage_upload(request, upload, *, kind: str, owner) -> str:
    """Store ``upload`` for a later confirm and return its new token (for the confirm form's hidden field)."""
    if hasattr(upload, "seek"):
        upload.seek(0)
    name = default_storage.save(f"imports/{request.user.pk}/{uuid.uuid4().hex}", upload)
    entries = _staged(request)
    now = time.time()
    _drop(entries, [t for t, entry in entries.items() if now - entry["at"] > MAX_AGE_SECONDS])
    oldest_first = sorted(entries, key=lambda t: entries[t]["at"])
    _drop(entries, oldest_first[: max(len(entries) - MAX_PER_SESSION + 1, 0)])
    token = secrets.token_urlsafe(16)
    entries[token] = {"name": name, "kind": kind, "owner": str(owner), "at": now}
    request.session[SESSION_KEY] = entries
    return token


def claim_upload(request, token: str, *, kind: str, owner) -> str | None:
    """The stored file name of ``token`` if it was staged here for ``kind`` and ``owner``, is not expired and its
    file still exists; the token is taken out of the session (saved at once) so that it is confirmed once.
    ``None`` otherwise, changing nothing (a foreign token stays where it is)."""
    entries = _staged(request)
    entry = entries.get(token or "")
    if not entry or entry["kind"] != kind or entry["owner"] != str(owner):
        return None
    del entries[token]
    request.session[SESSION_KEY] = entries
    request.session.save()  # a second confirm of the same token, even one already on its way, finds it gone
    if time.time() - entry["at"] > MAX_AGE_SECONDS or not default_storage.exists(entry["name"]):
        default_storage.delete(entry["name"])
        return None
    return entry["name"]


@contextmanager
def claimed_upload(request, token: str, *, kind: str, owner):
    """``claim_upload``, then the file opened for reading (``None`` when there is none); deleted afterwards,
    whatever the confirm does (a refused confirm is uploaded again)."""
    name = claim_upload(request, token, kind=kind, owner=owner)
    if name is None:
        yield None
        return
    try:
        with default_storage.open(name, "rb") as stored:
            yield stored
    finally:
        default_storage.delete(name)
