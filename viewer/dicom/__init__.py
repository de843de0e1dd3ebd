"""Reading DICOM objects: files, folders, DICOMDIR; lazy frame decoding; series assembly. Qt-free."""
