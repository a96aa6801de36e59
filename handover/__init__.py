"""handover: keeps a public office's relationships alive when its people move."""

__version__ = "0.1.0"
