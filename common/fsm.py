"""A protected state field that is safe under threads.

django-fsm-2's ``FSMModelMixin.refresh_from_db`` switches ``protected`` off *on the shared field object* while it
reloads, so under a threaded server another thread's reload could switch it back on mid-way and fail with
"Direct status modification is not allowed". Here the permission to set the state during a reload is a
thread-local flag instead: direct assignment stays refused, a reload in one thread never affects another.
"""

import threading

from django.db import models
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMFieldDescriptor

_reloading = threading.local()


class _Descriptor(FSMFieldDescriptor):
    def __set__(self, instance, value):
        field = self.field
        if field.protected and field.name in instance.__dict__ and not getattr(_reloading, "active", False):
            raise AttributeError(f"Direct {field.name} modification is not allowed")
        field.set_proxy(instance, value)
        field.set_state(instance, value)


class StateField(FSMField):
    """``FSMField(protected=True)``: the state changes only through transitions; reloads are thread-safe."""

    descriptor_class = _Descriptor

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("protected", True)
        super().__init__(*args, **kwargs)


class StateMachineMixin(ConcurrentTransitionMixin):
    """``ConcurrentTransitionMixin`` (a stale copy saved after the row changed raises ``ConcurrentTransition``) with
    a reload that does not touch the shared field object."""

    def refresh_from_db(self, *args, **kwargs):
        _reloading.active = True
        try:
            models.Model.refresh_from_db(self, *args, **kwargs)
        finally:
            _reloading.active = False
        self._update_initial_state()
