"""Temporal expression recognition and TIMEX3 normalisation, driven by data/timex_*."""
