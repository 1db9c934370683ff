"""A stand-in for the Wayback Machine on loopback, and archive files built from the
replica (`standin.py`, `warcs.py`)."""
