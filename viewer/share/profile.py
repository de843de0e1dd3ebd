"""Which action of PS3.15 Table E.1-1 applies to an attribute, given the options chosen.

The table itself is data (``profile_table.py``, generated; see docs/architecture.md,
"De-identification"). Action codes: D (replace with a dummy value), Z (empty or dummy), X
(remove), K (keep), C (clean), U (replace the UID consistently), and the combinations X/Z, X/D,
Z/D, X/Z/D, X/Z/U*. A combination lets the de-identifier pick according to the IOD's type of
the attribute; without the IOD at hand we pick the one that keeps any IOD conformant: the
attribute stays present (Z rather than X), with a value where a value may be required (D rather
than Z). X/Z/U* (Referenced Image Sequence, Source Image Sequence) keeps the sequence and replaces
the instance UIDs inside it (they are U rows of their own).
"""

from __future__ import annotations

from dataclasses import dataclass

from viewer.share.profile_table import BASIC, MASKED, OPTIONS

DUMMY, EMPTY, REMOVE, KEEP, CLEAN, UID = "D", "Z", "X", "K", "C", "U"
_CHOSEN = {"D": DUMMY, "Z": EMPTY, "X": REMOVE, "K": KEEP, "C": CLEAN, "U": UID,
           "X/Z": EMPTY, "X/D": DUMMY, "Z/D": DUMMY, "X/Z/D": DUMMY, "X/Z/U*": KEEP}

# The table says X for attributes some IODs require (Type 1): removing them would make the copy
# non-conformant, so they get a dummy value instead (what the standard's D is for).
TYPE1_OVERRIDES = {
    0x00700082: "D",  # Presentation Creation Date (Presentation State Identification Module)
    0x00700083: "D",  # Presentation Creation Time
}

BASIC_PROFILE_CODE = ("113100", "Basic Application Confidentiality Profile")


@dataclass(frozen=True)
class ProfileOption:
    """An option of the profile (PS3.15 E.3) with its code from CID 7050."""

    name: str  # the command line's --retain/--clean word
    column: str  # its column in the generated table
    code: str  # DCM code value
    meaning: str  # DCM code meaning


PROFILE_OPTIONS = {option.name: option for option in (
    ProfileOption("dates", "rtnLongFullDatesOpt", "113106",
                  "Retain Longitudinal Temporal Information Full Dates Option"),
    ProfileOption("shifted-dates", "rtnLongModifDatesOpt", "113107",
                  "Retain Longitudinal Temporal Information Modified Dates Option"),
    ProfileOption("patient-characteristics", "rtnPatCharsOpt", "113108",
                  "Retain Patient Characteristics Option"),
    ProfileOption("device-identity", "rtnDevIdOpt", "113109", "Retain Device Identity Option"),
    ProfileOption("institution-identity", "rtnInstIdOpt", "113112",
                  "Retain Institution Identity Option"),
    ProfileOption("clean-descriptors", "cleanDescOpt", "113105", "Clean Descriptors Option"),
)}


def check_options(names) -> tuple[ProfileOption, ...]:
    """The options named (ValueError for an unknown name or two temporal options at once)."""
    unknown = [name for name in names if name not in PROFILE_OPTIONS]
    if unknown:
        raise ValueError(f"unknown profile option {unknown[0]!r}; known: "
                         f"{', '.join(PROFILE_OPTIONS)}")
    if "dates" in names and "shifted-dates" in names:
        raise ValueError("'dates' and 'shifted-dates' exclude each other")
    return tuple(PROFILE_OPTIONS[name] for name in dict.fromkeys(names))


def action_for(tag: int, options: tuple[ProfileOption, ...] = ()) -> str | None:
    """The action for *tag* (an int ggggeeee), or None when the table does not list it.

    An option's K wins over its C, and either wins over the Basic Profile's action.
    """
    if (tag >> 16) % 2:  # private attributes: removed (no Retain Safe Private Option offered)
        return REMOVE
    chosen = {OPTIONS[option.column].get(tag) for option in options}
    if KEEP in chosen:
        return KEEP
    if CLEAN in chosen:
        return CLEAN
    code = TYPE1_OVERRIDES.get(tag) or BASIC.get(tag)
    if code is None:
        code = next((action for value, mask, action in MASKED if tag & mask == value), None)
    return None if code is None else _CHOSEN[code]
