"""The case file: the records the parties sent, read page by page, searchable and citable.

Modules are named for what the reviewer does with the records: ``intake``
(import files), ``search``, ``classify`` and ``facts`` (what a document is,
when and by whom), ``chronology``, ``documents`` (the documents-reviewed list
and the reviewer's corrections), ``citations`` (page citations). Reading a
file's pages happens in a child process (``worker``, ``reading``, ``ocr``).
"""
