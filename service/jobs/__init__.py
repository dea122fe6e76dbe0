"""Async jobs on RQ: many inputs analysed by workers that share one Redis, results kept for a while."""
