"""What the higher apps tell the activity room about their audited models, in their ``AppConfig.ready()``:
how to load them for the audit list and the Chinese names of their transitions. Activity knows no phase."""

from dataclasses import dataclass, field


@dataclass
class Audited:
    queryset: object  # a QuerySet of the model, with what its __str__ needs selected
    transition_labels: dict = field(default_factory=dict)  # transition name -> Chinese label


AUDITED: dict[type, Audited] = {}


def register_audited(model, *, queryset=None, transition_labels=None) -> None:
    AUDITED[model] = Audited(queryset if queryset is not None else model.objects.all(), dict(transition_labels or {}))


def transition_label(model, name) -> str:
    audited = AUDITED.get(model)
    return audited.transition_labels.get(name, name) if audited else name


def transition_choices():
    seen = {}
    for audited in AUDITED.values():
        for name, label in audited.transition_labels.items():
            seen.setdefault(name, label)
    return list(seen.items())
