"""What a film looks like (PS3.3 C.13.1-C.13.3): film session and film box attributes, checked.

:class:`FilmOptions` holds the user's choices (a printer node's defaults in the settings, then
the print dialog or the command line) and turns them into the Attribute Lists of the Basic Film
Session and Basic Film Box N-CREATE requests. Values are checked against the enumerations the
standard defines; what a particular printer offers is for the printer to say (0x0106).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydicom.dataset import Dataset

ORIENTATIONS = ("PORTRAIT", "LANDSCAPE")
PRIORITIES = ("HIGH", "MED", "LOW")
MAGNIFICATIONS = ("REPLICATE", "BILINEAR", "CUBIC", "NONE")
MEDIUMS = ("PAPER", "CLEAR FILM", "BLUE FILM", "MAMMO CLEAR FILM", "MAMMO BLUE FILM")
DENSITIES = ("BLACK", "WHITE")
FILM_SIZES = ("8INX10IN", "8_5INX11IN", "10INX12IN", "10INX14IN", "11INX14IN", "11INX17IN",
              "14INX14IN", "14INX17IN", "24CMX24CM", "24CMX30CM", "A4", "A3")
MAX_COLUMNS, MAX_ROWS = 4, 5
_LAYOUT = re.compile(r"^\s*(\d+)\s*[xX,]\s*(\d+)\s*$")
_CS = re.compile(r"^[A-Z0-9_ ]{1,16}$")


class FilmError(ValueError):
    """A film option is not valid; the message names it and what is expected."""


def parse_layout(text: str) -> tuple[int, int]:
    """``"3x4"`` (columns x rows, also ``3,4``) -> (3, 4); 1x1 up to 4x5."""
    match = _LAYOUT.match(str(text))
    if match is None:
        raise FilmError(f"layout {text!r} is not COLUMNSxROWS, such as 2x2 or 3x4")
    columns, rows = int(match[1]), int(match[2])
    if not (1 <= columns <= MAX_COLUMNS and 1 <= rows <= MAX_ROWS):
        raise FilmError(f"layout {text!r}: columns must be 1 to {MAX_COLUMNS} and rows 1 to "
                        f"{MAX_ROWS}")
    return columns, rows


def _density(value: str, what: str) -> str:
    text = str(value).strip().upper()
    if text in DENSITIES or (text.isdigit() and int(text) <= 1000):
        return text
    raise FilmError(f"{what} {value!r} must be BLACK, WHITE or hundredths of optical density "
                    "(0 to 1000)")


def _choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    text = str(value).strip().upper()
    if text not in allowed:
        raise FilmError(f"{what} {value!r} must be one of {', '.join(allowed)}")
    return text


@dataclass(frozen=True)
class FilmOptions:
    """One print job's film: layout (columns, rows), size, orientation and the rest."""

    layout: tuple[int, int] = (1, 1)
    film_size: str = "14INX17IN"
    orientation: str = "PORTRAIT"
    medium: str = "BLUE FILM"
    magnification: str = "REPLICATE"
    copies: int = 1
    priority: str = "MED"
    border_density: str = "BLACK"
    empty_density: str = "BLACK"
    bits: int = 8  # 8 or 12 bits per pixel in the image boxes

    @property
    def display_format(self) -> str:
        return f"STANDARD\\{self.layout[0]},{self.layout[1]}"

    @property
    def boxes_per_film(self) -> int:
        return self.layout[0] * self.layout[1]

    def checked(self) -> "FilmOptions":
        """These options with every value normalised (upper case) and checked; FilmError."""
        columns, rows = parse_layout(f"{self.layout[0]}x{self.layout[1]}")
        size = str(self.film_size).strip().upper()
        if not _CS.match(size):
            raise FilmError(f"film size {self.film_size!r} is not a film size ID such as "
                            f"{', '.join(FILM_SIZES[:4])}")
        if not isinstance(self.copies, int) or not 1 <= self.copies <= 99:
            raise FilmError(f"copies must be a whole number from 1 to 99, not {self.copies!r}")
        if self.bits not in (8, 12):
            raise FilmError(f"bits per pixel must be 8 or 12, not {self.bits!r}")
        return FilmOptions(
            layout=(columns, rows), film_size=size,
            orientation=_choice(self.orientation, ORIENTATIONS, "orientation"),
            medium=_choice(self.medium, MEDIUMS, "medium"),
            magnification=_choice(self.magnification, MAGNIFICATIONS, "magnification"),
            copies=self.copies, priority=_choice(self.priority, PRIORITIES, "priority"),
            border_density=_density(self.border_density, "border density"),
            empty_density=_density(self.empty_density, "empty image density"), bits=self.bits)

    def film_session(self) -> Dataset:
        """Attribute List of the Basic Film Session N-CREATE (PS3.3 C.13.1)."""
        ds = Dataset()
        ds.NumberOfCopies = self.copies
        ds.PrintPriority = self.priority
        ds.MediumType = self.medium
        return ds

    def film_box(self, film_session_uid: str, session_class_uid: str) -> Dataset:
        """Attribute List of the Basic Film Box N-CREATE (PS3.3 C.13.3)."""
        ds = Dataset()
        ds.ImageDisplayFormat = self.display_format
        ds.FilmOrientation = self.orientation
        ds.FilmSizeID = self.film_size
        ds.MagnificationType = self.magnification
        ds.BorderDensity = self.border_density
        ds.EmptyImageDensity = self.empty_density
        ref = Dataset()
        ref.ReferencedSOPClassUID = session_class_uid
        ref.ReferencedSOPInstanceUID = film_session_uid
        ds.ReferencedFilmSessionSequence = [ref]
        return ds

    def to_dict(self) -> dict:
        """The settings file's form of a printer node's defaults."""
        return {"layout": f"{self.layout[0]}x{self.layout[1]}", "film_size": self.film_size,
                "orientation": self.orientation.lower(), "medium": self.medium,
                "magnification": self.magnification, "copies": self.copies,
                "priority": self.priority, "border_density": self.border_density,
                "empty_density": self.empty_density, "bits": self.bits}

    @classmethod
    def from_dict(cls, data: dict) -> "FilmOptions":
        """Read :meth:`to_dict`'s form back (missing keys: the defaults); FilmError."""
        if not isinstance(data, dict):
            raise FilmError("film defaults must be an object (film_size, orientation, ...)")
        unknown = set(data) - set(cls().to_dict())
        if unknown:
            raise FilmError(f"unknown film setting(s): {', '.join(sorted(unknown))}")
        values = dict(data)
        if "layout" in values:
            values["layout"] = parse_layout(values["layout"])
        return cls(**values).checked()
