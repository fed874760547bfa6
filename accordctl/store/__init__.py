"""The store: files read, written and edited in place, and the result cache."""
