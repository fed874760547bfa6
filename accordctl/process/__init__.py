"""A run as a process: stopping signals, standard output written whole, and what a run
keeps rather than frees as it exits. Only the standard library."""
