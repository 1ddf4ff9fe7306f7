"""Conflicts of interest (回避, R2): an expert is never assigned where its organisation, or one it must be kept
away from, is the applicant or one of the application's joint partners, nor where it declared a conflict.

Names are compared after normalising (``normalize_org``): NFKC (full-width letters, digits and brackets become
half-width), case folded, without spaces or punctuation, and without the legal-form suffix (股份有限公司,
有限责任公司, 有限公司 …), so that “苏州　澄芯微电子科技股份有限公司” and “苏州澄芯微电子科技有限公司” are one
organisation (集团 stays: a group and its company are two entities). Equal normalised names conflict; nothing
fuzzier (a university and one of its institutes are two names: list the other one among the expert's
organisations to keep away from).
"""

import re
import unicodedata
from dataclasses import dataclass

# Longest first: the first that ends a name is cut (once).
LEGAL_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "股份公司",
    "公司",
    "corporationlimited",
    "companylimited",
    "coltd",
    "limited",
    "ltd",
    "inc",
)
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


def normalize_org(name) -> str:
    """The comparable form of an organisation's name ("" for an empty one)."""
    text = unicodedata.normalize("NFKC", str(name or "")).casefold()
    text = _NOISE.sub("", text)
    for suffix in LEGAL_SUFFIXES:
        if text.endswith(suffix):
            if len(text) > len(suffix):  # a bare suffix is left as it is
                text = text[: -len(suffix)]
            break
    return text


@dataclass(frozen=True)
class Party:
    """An organisation of an application: the applicant or a joint partner."""

    name: str
    role: str  # 申报单位 | 联合申报单位

    @property
    def key(self):
        return normalize_org(self.name)


def parties_of(project, partners=None) -> list[Party]:
    """The applicant and the joint partners (``partners``: the project's partners, when already loaded)."""
    rows = project.partners.all() if partners is None else partners
    return [Party(project.enterprise.name, "申报单位")] + [
        Party(p.name, "联合申报单位") for p in rows if p.is_joint_applicant
    ]


def party_keys(parties) -> dict[str, Party]:
    return {p.key: p for p in parties if p.key}


def expert_keys(profile) -> dict[str, str]:
    return {normalize_org(n): n for n in profile.organisations if normalize_org(n)}


def conflict_between(org_keys: dict[str, str], parties_by_key: dict[str, "Party"]) -> str:
    """The same check on precomputed keys (the assignment reads hundreds of pairs)."""
    for key, own in org_keys.items():
        party = parties_by_key.get(key)
        if party is not None:
            return f"专家所在或需回避的单位“{own}”是该项目的{party.role}“{party.name}”。"
    return ""
