"""Basic Grayscale (and Color) Print Management as SCU (PS3.4 Annex H).

One print job is one association: Basic Film Session N-CREATE, then per film (``layout``
columns x rows images) Basic Film Box N-CREATE -> Image Box N-SET per image -> Film Box
N-ACTION (print) -> Film Box N-DELETE; finally Film Session N-DELETE. Every DIMSE status is
checked and explained in words (``0x0106 (Failure: Invalid attribute value)`` plus what it
means here); a failure raises :class:`PrintError` after deleting what was created. The Printer
SOP instance answers N-GET for the printer's status (:func:`printer_status`).

The Basic Grayscale Print Management Meta SOP Class is always proposed, the Basic Color one too
when colour images are to be printed; a colour image goes to a Basic Color Image Box only when
the printer accepted the colour meta class (otherwise it is printed as its luminance).
"""

from __future__ import annotations

from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Callable, Iterable

from pydicom.dataset import Dataset
from pynetdicom import evt
from pynetdicom import status as dimse_status
from pynetdicom.sop_class import (BasicColorPrintManagementMeta,
                                  BasicGrayscalePrintManagementMeta, Printer, PrinterInstance)

from viewer.net.ae import DEFAULT_TIMEOUT, associate, make_ae
from viewer.net.common import NetworkError, Node
from viewer.net.print_film import FilmOptions
from viewer.net.print_image import PrintImage, as_gray, as_rgb, image_box_attributes

FILM_SESSION = "1.2.840.10008.5.1.1.1"
FILM_BOX = "1.2.840.10008.5.1.1.2"
PRINT_ACTION = 1

# What a status means in a print job, beyond the standard's one-line wording.
_HINTS = {
    0x0106: "the printer refused a value; it may not offer this layout, film size, medium or "
            "magnification (see its conformance statement or the Printer status)",
    0x0105: "the printer does not know an attribute we sent",
    0x0120: "a required attribute is missing",
    0x0116: "an attribute value is outside what the printer accepts",
    0x0213: "the printer has no resources for this job now; try again later",
    0xC603: "the image is larger than the image box; choose a bigger film or fewer images per film",
    0xC605: "the printer's memory is full",
    0xC616: "the printer wants the previous film printed first",
}


class PrintError(NetworkError):
    """A print job failed; the message says at which step and why."""


def describe_print_status(code: int | None) -> str:
    """``0x0106 (Failure: Invalid attribute value) - the printer refused a value; ...``."""
    if code is None:
        return "no response (association aborted or timed out)"
    table = dimse_status.PRINT_JOB_MANAGEMENT_SERVICE_CLASS_STATUS
    category, text = table.get(code, (dimse_status.code_to_category(code), ""))
    words = f"0x{code:04X} ({category}: {text})" if text else f"0x{code:04X} ({category})"
    return f"{words} - {_HINTS[code]}" if code in _HINTS else words


@dataclass(frozen=True)
class PrinterStatus:
    """The Printer SOP instance's N-GET answer (PS3.3 C.13.9)."""

    status: str  # NORMAL, WARNING or FAILURE
    info: str = ""  # Printer Status Info (a defined term, e.g. SUPPLY LOW)
    name: str = ""
    manufacturer: str = ""
    model: str = ""

    def __str__(self) -> str:
        who = " ".join(part for part in (self.manufacturer, self.model, self.name) if part)
        info = f" ({self.info})" if self.info else ""
        return f"printer status {self.status or 'not reported'}{info}" + (f"; {who}" if who else "")


@dataclass
class PrintResult:
    """What a finished print job did, and the warnings the printer gave on the way."""

    node: Node
    films: int = 0
    images: int = 0
    colour: bool = False
    warnings: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (f"printed {self.images} image(s) on {self.films} film(s) at {self.node}"
                + "".join(f"\nwarning: {w}" for w in self.warnings))


def _code(status: Dataset | None) -> int | None:
    return getattr(status, "Status", None) if status is not None else None


def _details(status: Dataset | None) -> str:
    extra = []
    if status is not None and "ErrorComment" in status:
        extra.append(f"printer says: {status.ErrorComment}")
    if status is not None and "AttributeIdentifierList" in status:
        extra.append(f"attributes {status['AttributeIdentifierList'].repval}")
    return f" ({'; '.join(extra)})" if extra else ""


class CreatedInstances:
    """EVT_DIMSE_RECV handler keeping the Affected SOP Instance UID of each N-CREATE-RSP: the
    printer assigns the film session's and film box's UIDs there, in the response's command
    set, which pynetdicom's ``send_n_create`` does not return."""

    def __init__(self):
        self.last: str | None = None

    def __call__(self, event) -> None:
        command = getattr(event.message, "command_set", None)
        if command is not None and command.get("CommandField") == 0x8140:  # N-CREATE-RSP
            self.last = str(command.get("AffectedSOPInstanceUID", "")) or None


class PrintJob:
    """The requests of one print association, each checked (see the module docstring)."""

    def __init__(self, assoc, node: Node, meta: str, result: PrintResult,
                 created: CreatedInstances):
        self.assoc, self.node, self.meta, self.result = assoc, node, meta, result
        self.created = created

    def check(self, status: Dataset | None, step: str) -> None:
        code = _code(status)
        if code is None:
            raise PrintError(f"{self.node}: {step}: {describe_print_status(None)}")
        category = dimse_status.code_to_category(code)
        if category == dimse_status.STATUS_WARNING:
            self.result.warnings.append(f"{step}: {describe_print_status(code)}")
        elif category != dimse_status.STATUS_SUCCESS:
            raise PrintError(f"{self.node}: {step} refused: {describe_print_status(code)}"
                             f"{_details(status)}")

    def create(self, attributes: Dataset, class_uid: str, step: str) -> tuple[str, Dataset]:
        self.created.last = None
        status, answer = self.assoc.send_n_create(attributes, class_uid, meta_uid=self.meta)
        self.check(status, step)
        uid = self.created.last
        if not uid:
            raise PrintError(f"{self.node}: {step}: the printer returned no SOP Instance UID")
        return str(uid), answer if answer is not None else Dataset()

    def delete(self, class_uid: str, uid: str, step: str) -> None:
        self.check(self.assoc.send_n_delete(class_uid, uid, meta_uid=self.meta), step)

    @contextmanager
    def deleted_after(self, class_uid: str, uid: str, step: str):
        """N-DELETE the instance when the block ends. After a failure in the block, a failing
        delete is ignored: the first failure is the one the user needs to read."""
        try:
            yield
        except BaseException:
            if self.assoc.is_established:
                with suppress(PrintError):
                    self.delete(class_uid, uid, step)
            raise
        if self.assoc.is_established:
            self.delete(class_uid, uid, step)

    def print_film(self, session_uid: str, options: FilmOptions, images: list[PrintImage]) -> None:
        film = options.film_box(session_uid, FILM_SESSION)
        box_uid, answer = self.create(film, FILM_BOX, f"film box N-CREATE ({options.display_format}"
                                      f", {options.film_size}, {options.orientation})")
        with self.deleted_after(FILM_BOX, box_uid, "film box N-DELETE"):
            boxes = list(answer.get("ReferencedImageBoxSequence", []))
            if len(boxes) < len(images):
                raise PrintError(f"{self.node}: the film box has {len(boxes)} image boxes, "
                                 f"{len(images)} needed")
            for position, (image, box) in enumerate(zip(images, boxes), start=1):
                attributes = image_box_attributes(position, image)
                status, _ = self.assoc.send_n_set(attributes, box.ReferencedSOPClassUID,
                                                  box.ReferencedSOPInstanceUID, meta_uid=self.meta)
                self.check(status, f"image box {position} N-SET ({image.source})")
            status, _ = self.assoc.send_n_action(None, PRINT_ACTION, FILM_BOX, box_uid,
                                                 meta_uid=self.meta)
            self.check(status, "film box N-ACTION (print)")
        self.result.films += 1
        self.result.images += len(images)


def _associate(ae, node: Node, timeout: float, handlers=()):
    try:
        return associate(ae, node, timeout, handlers)
    except NetworkError as exc:
        raise PrintError(f"cannot reach the printer: {exc}") from None


def films(images: list, per_film: int) -> list[list]:
    """*images* cut into films of at most *per_film*."""
    return [images[i:i + per_film] for i in range(0, len(images), per_film)]


def print_images(node: Node, images: Iterable[PrintImage], options: FilmOptions, local_aet: str,
                 timeout: float = DEFAULT_TIMEOUT,
                 progress: Callable[[int, int], None] | None = None) -> PrintResult:
    """Print *images* on *node*, ``options.layout`` per film; PrintError/NetworkError on failure.

    *progress(films done, films total)* is called after each film.
    """
    options = options.checked()
    images = list(images)
    if not images:
        raise PrintError("nothing to print")
    wants_colour = any(image.colour for image in images)
    ae = make_ae(local_aet, timeout)
    ae.add_requested_context(BasicGrayscalePrintManagementMeta)
    if wants_colour:
        ae.add_requested_context(BasicColorPrintManagementMeta)
    created = CreatedInstances()
    assoc = _associate(ae, node, timeout, handlers=[(evt.EVT_DIMSE_RECV, created)])
    accepted = {str(c.abstract_syntax) for c in assoc.accepted_contexts}
    colour = wants_colour and BasicColorPrintManagementMeta in accepted
    meta = BasicColorPrintManagementMeta if colour else BasicGrayscalePrintManagementMeta
    result = PrintResult(node, colour=colour)
    try:
        if meta not in accepted:
            raise PrintError(f"{node}: the printer does not offer Basic Grayscale Print "
                             "Management")
        if wants_colour and not colour:
            result.warnings.append("the printer offers no colour printing: colour images are "
                                   "printed in grayscale")
            images = [as_gray(image) for image in images]
        elif colour:  # a colour film: every image box is a Basic Color Image Box
            images = [as_rgb(image) for image in images]
        job = PrintJob(assoc, node, meta, result, created)
        session_uid, _ = job.create(options.film_session(), FILM_SESSION, "film session N-CREATE")
        with job.deleted_after(FILM_SESSION, session_uid, "film session N-DELETE"):
            pages = films(images, options.boxes_per_film)
            for done, page in enumerate(pages, start=1):
                job.print_film(session_uid, options, page)
                if progress is not None:
                    progress(done, len(pages))
    finally:
        if assoc.is_established:
            assoc.release()
    return result


def printer_status(node: Node, local_aet: str, timeout: float = DEFAULT_TIMEOUT) -> PrinterStatus:
    """N-GET of the Printer SOP instance: status, status info, name, manufacturer, model."""
    ae = make_ae(local_aet, timeout)
    ae.add_requested_context(BasicGrayscalePrintManagementMeta)
    assoc = _associate(ae, node, timeout)
    try:
        # An empty attribute list asks for every attribute: some printers (DCMTK's) refuse the
        # whole request when one listed optional attribute is unknown to them.
        status, answer = assoc.send_n_get([], Printer, PrinterInstance,
                                          meta_uid=BasicGrayscalePrintManagementMeta)
    finally:
        if assoc.is_established:
            assoc.release()
    code = _code(status)
    if code is None or dimse_status.code_to_category(code) not in (
            dimse_status.STATUS_SUCCESS, dimse_status.STATUS_WARNING):
        raise PrintError(f"{node}: printer N-GET refused: {describe_print_status(code)}")
    answer = answer or Dataset()
    return PrinterStatus(str(answer.get("PrinterStatus", "")),
                         str(answer.get("PrinterStatusInfo", "")),
                         str(answer.get("PrinterName", "")), str(answer.get("Manufacturer", "")),
                         str(answer.get("ManufacturerModelName", "")))
