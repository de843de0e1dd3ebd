"""The frozen application's entry point: the same ``main`` as the ``dicom-viewer`` script."""

import multiprocessing

from viewer.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    raise SystemExit(main())
