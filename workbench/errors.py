"""Errors a reviewer may see: one readable line, no patient data, no traceback."""


class WorkbenchError(Exception):
    """A failure to report as one line; the message must not contain case data."""


class NotFound(WorkbenchError):
    pass


class UnreadableFile(WorkbenchError):
    pass


class NotALetter(WorkbenchError):
    pass


class Conflict(WorkbenchError):
    """A save was based on an older version of the case than the one stored.

    Another window or command changed the case in between; nothing was written.
    ``stored_version`` is the version now in the database.
    """

    def __init__(self, message: str, stored_version: int):
        super().__init__(message)
        self.stored_version = stored_version
