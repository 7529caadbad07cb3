"""Errors a reviewer may see: one readable line, no patient data, no traceback."""


class WorkbenchError(Exception):
    """A failure to report as one line; the message must not contain case data."""


class NotFound(WorkbenchError):
    pass


class UnreadableFile(WorkbenchError):
    pass


class NotALetter(WorkbenchError):
    pass
