"""Optional integrations with other libraries, each behind its own extra.

- :mod:`conflictevents.extra.dask`: reconcile a Dask bag of claims partition by
  partition (``pip install conflictevents[dask]``).
"""
