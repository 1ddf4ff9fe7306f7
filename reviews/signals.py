"""Signal receivers of the reviews (connected in ``ReviewsConfig.ready()``)."""


def call_created(sender, instance, created, raw=False, **kwargs):
    """R1: a new call starts with the default scoring criteria (the bureau may change them before scoring)."""
    if created and not raw:
        from .criteria import criteria_ensure_defaults

        criteria_ensure_defaults(instance)
