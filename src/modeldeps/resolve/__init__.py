"""Resolve stage: references -> records (lock, then cache, then the Hub), lineage included.

``resolver`` orchestrates, ``hub`` is the only module that talks to the Hub,
``cache`` and ``lock`` keep answers, ``serial`` turns records into JSON and
back, ``lineage`` walks the ancestry. Importing this package loads none of
them, so the hook can read a lock without the Hub client or threads.
"""
