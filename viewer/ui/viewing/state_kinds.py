"""The kind of a presentation state as the pick list shows it: a Color, Pseudo-Color or
Blending state is marked after its label (a Grayscale one, the usual kind, is not)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate  # literal contexts, so lupdate finds the strings


def kind_name(kind: str) -> str:
    """The translated name of a PresentationStateInfo kind ('' for GRAYSCALE)."""
    if kind == "COLOR":
        return translate("PresentationStates", "colour")
    if kind == "PSEUDO-COLOR":
        return translate("PresentationStates", "pseudo-colour")
    if kind == "BLENDING":
        return translate("PresentationStates", "blending")
    return ""


def with_kind(text: str, info) -> str:
    """*text* followed by ``[kind]`` when the state is not a grayscale one."""
    name = kind_name(getattr(info, "kind", ""))
    return f"{text}  [{name}]" if name else text
