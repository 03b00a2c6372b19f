"""The security audit (``python -m audit``, ``make audit``): hostile requests and files, and their answers."""
