"""Viewing logic without Qt: what a viewport shows and what it measures.

The Qt widgets in :mod:`viewer.ui.viewing` are thin twins of these models (as napari separates
its models from their Qt views), so everything here is unit-tested without a display:

- :mod:`.state`: :class:`ViewState` (frame, window, invert, zoom, pan, rotation/flip) and the
  window-drag, zoom, pan and auto-window math;
- :mod:`.presets`: window presets per modality plus the header's windows;
- :mod:`.display`: frame + state -> uint8 frame through :mod:`viewer.pipeline` only;
- :mod:`.measure`: distance and ROI statistics in modality units; :mod:`.geometry`: pixel
  spacing (Pixel Spacing, else Imager Pixel Spacing), aspect, planes, nearest slice;
- :mod:`.stack`: scrolling, cine and synchronised scrolling; :mod:`.loader`: background decoding
  into a bounded store; :mod:`.annotations`: corner values; :mod:`.tags`: the tag tree;
- :mod:`.presentation`: the presentation states offered for a series, the one picked and what
  it shows on each frame; :mod:`.presentation_save`: the view described as a state to save;
- :mod:`.hanging`: hanging protocols (model and file), :mod:`.hanging_match` choosing one and
  filling its viewports, :mod:`.hanging_builtin` the built-in set.
"""
