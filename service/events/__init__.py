"""Events: articles about one incident linked, and their figures reconciled over time.

Flask-free like the analysis it reads: ``profile`` (what an analysed article says about its
incident), ``linking`` (the trained same-incident model and the decision), ``store`` and
``redis_store`` (where events live), ``reconcile`` (the figures over time), ``cluster`` (a batch).
"""
