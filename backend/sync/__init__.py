"""``totalacces sync SOURCE``: keep the places current from the sources the State maintains.

- :mod:`backend.sync.http`: a polite HTTP client (timeouts, retries with backoff, a rate).
- :mod:`backend.sync.datainclusion`: the data·inclusion connector (API v1, Bearer token).
- :mod:`backend.sync.engine`: one run: lock, fetch everything, check each row, then apply all of
  it in one transaction (a run that fails halfway changes nothing), with the report stored.
"""
