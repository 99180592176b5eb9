"""The command line's wing: commands, reading inputs, rendering, writing outputs.

:mod:`conflictevents.cli` is the entry point; nothing else imports this package.
"""
