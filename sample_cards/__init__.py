"""Invented business cards for testing the card reader: a generator and its committed output."""
