"""Quality checks of a determination against itself, the library and the case's records.

``workbench.qa.checks.check_case`` / ``check_item`` return ``Finding``s
(``workbench.qa.findings``); each check is a small module here that
registers itself by id in ``workbench.qa.registry.CHECKS``.
"""
