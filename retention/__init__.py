"""The retention schedule: abandoned drafts deleted, personal information removed from closed
explorations, holds, the purge and its record, and people's own choices (withdraw, delete)."""
