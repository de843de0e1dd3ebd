"""A minimal pynetdicom Storage SCP process on 127.0.0.1 that writes what it receives.

    python tests/peerkit/store_scp.py PORT OUTDIR [--aet VIEWER] [--decode] [--pdu 16382]
        [--no-nodelay]

Accepts every storage SOP class pynetdicom knows, in the uncompressed and the usual compressed
transfer syntaxes, from any calling AE (the called AE is not checked). Each instance goes to
OUTDIR/<SOPInstanceUID>.dcm as preamble + file meta + the data set bytes exactly as received;
--decode decodes to a pydicom Dataset and saves that instead (slower). TCP_NODELAY is set on
accepted sockets unless --no-nodelay. Prints "store-scp READY ..." on stderr once it listens;
SIGTERM stops it. :func:`start` runs it as a child process for tests and benchmarks.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

from pydicom.filewriter import write_file_meta_info
from pydicom.uid import (DeflatedExplicitVRLittleEndian, ExplicitVRBigEndian,
                         ExplicitVRLittleEndian, ImplicitVRLittleEndian, JPEG2000,
                         JPEG2000Lossless, JPEGBaseline8Bit, JPEGExtended12Bit, JPEGLossless,
                         JPEGLosslessSV1, JPEGLSLossless, JPEGLSNearLossless, RLELossless)
from pynetdicom import AE, StoragePresentationContexts, evt
from pynetdicom.sop_class import Verification

ALL_SYNTAXES = [ExplicitVRLittleEndian, ImplicitVRLittleEndian, ExplicitVRBigEndian,
                DeflatedExplicitVRLittleEndian, JPEGBaseline8Bit, JPEGExtended12Bit,
                JPEGLosslessSV1, JPEGLossless, JPEGLSLossless, JPEGLSNearLossless,
                JPEG2000Lossless, JPEG2000, RLELossless]


def start(port: int, outdir, aet: str = "VIEWER", *options: str) -> subprocess.Popen:
    """The SCP as a child process, returned once it listens; stop it with terminate()."""
    Path(outdir).mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen([sys.executable, __file__, str(port), str(outdir), "--aet", aet,
                             *options], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    line = proc.stderr.readline()  # "store-scp READY ..." once it listens
    if "READY" not in line:
        proc.kill()
        raise RuntimeError(f"store_scp did not start: {line}{proc.stderr.read()}")
    threading.Thread(target=proc.stderr.read, daemon=True).start()  # never blocks on a full pipe
    return proc


def _writer(outdir: str, decode: bool):
    def on_store(event):
        path = os.path.join(outdir, event.request.AffectedSOPInstanceUID + ".dcm")
        if decode:
            ds = event.dataset
            ds.file_meta = event.file_meta
            ds.save_as(path, enforce_file_format=True)
        else:
            with open(path, "wb") as f:
                f.write(b"\x00" * 128 + b"DICM")
                write_file_meta_info(f, event.file_meta, enforce_standard=True)
                f.write(event.request.DataSet.getvalue())
        return 0x0000
    return on_store


def _nodelay(event):
    event.assoc.dul.socket.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(prog="store_scp", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("port", type=int)
    ap.add_argument("outdir")
    ap.add_argument("--aet", default="VIEWER")
    ap.add_argument("--decode", action="store_true")
    ap.add_argument("--pdu", type=int, default=16382)
    ap.add_argument("--no-nodelay", action="store_true")
    a = ap.parse_args(argv)
    os.makedirs(a.outdir, exist_ok=True)
    ae = AE(ae_title=a.aet)
    ae.maximum_pdu_size = a.pdu
    ae.add_supported_context(Verification)
    for context in StoragePresentationContexts:
        ae.add_supported_context(context.abstract_syntax, ALL_SYNTAXES)
    handlers = [(evt.EVT_C_STORE, _writer(a.outdir, a.decode))]
    if not a.no_nodelay:
        handlers.append((evt.EVT_CONN_OPEN, _nodelay))
    server = ae.start_server(("127.0.0.1", a.port), block=False, evt_handlers=handlers)
    print(f"store-scp READY aet={a.aet} port={a.port} out={a.outdir} pid={os.getpid()}",
          file=sys.stderr, flush=True)

    def stop(*_):
        server.shutdown()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    signal.pause()


if __name__ == "__main__":
    main()
