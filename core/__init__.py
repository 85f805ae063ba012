"""Shared infrastructure for every blueprint: no feature logic lives here."""
