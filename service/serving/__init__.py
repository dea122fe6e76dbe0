"""Serving analyses: the cache in front of the analysis, for single requests, batch items and bulk files.

Takes validated request bodies and the cache; gives results with their ``meta`` (``results``),
per-item outcomes of a batch or a job (``items``) and the ``newsfacts bulk`` runner (``bulk``).
"""
