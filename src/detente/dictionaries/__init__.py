"""Dictionaries and tables the coder reads: actors, verbs, the CAMEO/PLOVER codebook."""
