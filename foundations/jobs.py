"""The foundations app's background job (found like stats.py): checking or importing a register table."""

from foundations.importing import RegisterImportRunner

__all__ = ["RegisterImportRunner"]
